namespace Pooling.Gpu.Tests;

/// <summary>What kind of values a test tensor holds.</summary>
public enum DataKind
{
    /// <summary>Uniform floats in [-4, 4).</summary>
    Random,

    /// <summary>Few distinct values (multiples of 0.5 in [-2, 2]): many ties in every window.</summary>
    Ties,

    /// <summary>Ties plus NaN and -inf sprinkled in (about 8% each), and +inf.</summary>
    Special,

    /// <summary>Only negative values, some -inf: padding (-inf or 0) must never win or count.</summary>
    Negative,
}

/// <summary>Reproducible test tensors: the same seed gives the same data.</summary>
public static class TestData
{
    public static float[] Make(long length, DataKind kind, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (long i = 0; i < length; i++)
        {
            data[i] = kind switch
            {
                DataKind.Random => (float)(random.NextDouble() * 8 - 4),
                DataKind.Ties => random.Next(-4, 5) * 0.5f,
                DataKind.Special => random.Next(100) switch
                {
                    < 8 => float.NaN,
                    < 16 => float.NegativeInfinity,
                    < 18 => float.PositiveInfinity,
                    _ => random.Next(-4, 5) * 0.5f,
                },
                _ => random.Next(100) < 10 ? float.NegativeInfinity : -(float)random.NextDouble() * 4 - 0.25f,
            };
        }

        return data;
    }

    /// <summary>A seed derived from a case's name, so that a failing case can be rerun alone.</summary>
    public static int SeedOf(string name)
    {
        int hash = 17;
        foreach (char c in name)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash & int.MaxValue;
    }
}
