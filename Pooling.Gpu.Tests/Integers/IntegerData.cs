namespace Pooling.Gpu.Tests;

/// <summary>What kind of values an integer test tensor holds.</summary>
public enum IntegerDataKind
{
    /// <summary>Uniform over the type's range (int64: multiples of 1024, which float64 holds exactly, so that PyTorch 1.13 can answer).</summary>
    Random,

    /// <summary>MinValue, MinValue + 1, 0, MaxValue - 1 and MaxValue: ties in every window, and neighbours that differ in the lowest bit.</summary>
    Extremes,

    /// <summary>MinValue to MinValue + 3 only: padding acts as MinValue and must never win, not even a tie.</summary>
    Lowest,
}

/// <summary>Reproducible integer test tensors, as int64 values in the type's range, never its poison.</summary>
public static class IntegerData
{
    public static long[] Make(long length, IntegerDataKind kind, IntegerType type, int seed)
    {
        var random = new Random(seed);
        long min = type.Min(), max = type.Max();
        long[] extremes = [min, min + 1, 0, max - 1, max];
        var data = new long[length];
        for (long i = 0; i < length; i++)
        {
            long v = kind switch
            {
                IntegerDataKind.Random when type == IntegerType.Int64 => random.NextInt64() * (random.Next(2) * 2 - 1) & ~1023L,
                IntegerDataKind.Random => random.NextInt64(min, max + 1),
                IntegerDataKind.Extremes => extremes[random.Next(extremes.Length)],
                _ => min + random.Next(4),
            };
            data[i] = v == type.Poison() ? v - 1 : v;
        }

        return data;
    }

    /// <summary>Whether Debian's PyTorch 1.13 can answer for these values (see torch_oracle.py): int64 beyond 2^53 it cannot compare exactly.</summary>
    public static bool TorchCanAnswer(long[] values) => values.All(IntegerTypes.ExactInFloat64);
}
