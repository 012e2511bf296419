namespace Pooling.Gpu.Tests;

/// <summary>The random draws that both fuzz generators make.</summary>
public static class FuzzDraws
{
    private static readonly DataKind[] Kinds = Enum.GetValues<DataKind>();

    public static DataKind Kind(Random random) => Kinds[random.Next(Kinds.Length)];

    /// <summary>A size that gives at least one window: 1 when it can, one time in five, else uniform.</summary>
    public static long Dimension(Random random, Func<long, bool> fits, int maxSize)
    {
        while (true)
        {
            long size = random.Next(5) == 0 ? 1 : 1 + random.Next(maxSize);
            if (fits(size))
            {
                return size;
            }
        }
    }

    /// <summary>An adaptive output size: 1, or anything up to a few more than the input.</summary>
    public static int OutputSize(Random random, long input) => random.Next(6) == 0 ? 1 : 1 + random.Next((int)input + 3);

    /// <summary>A channel count: 1 often, else up to <paramref name="max"/>.</summary>
    public static long Channels(Random random, int max = 4) => random.Next(5) < 2 ? 1 : 1 + random.Next(max);

    /// <summary>
    /// A shape around the drawn C and spatial sizes (1D: W; 2D: H, W): unbatched one time in ten,
    /// N = 0 one in ten, N = 1 three in ten, else N = 2..3.
    /// </summary>
    public static TensorShape Batched(Random random, int spatialRank, long c, long d, long h, long w)
    {
        int pick = random.Next(10);
        long n = pick switch
        {
            0 or 1 => 0,
            < 5 => 1,
            _ => 2 + random.Next(2),
        };
        return (spatialRank, pick == 0) switch
        {
            (1, true) => TensorShape.Unbatched1d(c, w),
            (1, false) => TensorShape.Of1d(n, c, w),
            (2, true) => new TensorShape(c, h, w),
            (2, false) => new TensorShape(n, c, h, w),
            (_, true) => TensorShape.Unbatched3d(c, d, h, w),
            _ => TensorShape.Of3d(n, c, d, h, w),
        };
    }

    public static int NonZero(Random random, int min, int max)
    {
        int value = random.Next(min, max);
        return value == 0 ? max : value;
    }
}
