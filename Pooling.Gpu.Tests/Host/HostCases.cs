namespace Pooling.Gpu.Tests;

/// <summary>
/// Random cases for the host path's comparison with the kernels, from a fixed seed: every window
/// op (max, average, adaptive, global, power-average, unpooling) in 1D, 2D and 3D, every element
/// type, both layouts, with padding, dilation, ceil mode, count_include_pad and divisor
/// overrides; widths and channel counts on both sides of the vector widths (1 to 67), so that
/// vector bodies, their tails and the border outputs all run.
/// </summary>
public static class HostCases
{
    private static readonly long[] Widths = [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 24, 31, 33, 40, 64, 67];

    private static readonly long[] Channels = [1, 2, 3, 7, 8, 9, 16, 17];

    public static IEnumerable<HostCase> All => Generate(400, 20260);

    public static IEnumerable<HostCase> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var unpools = GridCases.Base.Where(c => c.Op is UnpoolOp).ToArray();
        for (int made = 0; made < count;)
        {
            var element = (ElementType)(made % 4);
            var layout = made / 4 % 2 == 0 ? TensorLayout.ChannelsFirst : TensorLayout.ChannelsLast;
            var (op, shape) = random.Next(10) switch
            {
                < 3 => Window(random, max: true),
                < 5 => Window(random, max: false),
                5 => Adaptive(random),
                6 => (new GlobalOp(random.Next(2) == 0), new TensorShape(1 + random.Next(2), Pick(random, Channels), 1 + random.Next(9), Pick(random, Widths))),
                7 => Lp(random),
                8 => Window(random, max: random.Next(2) == 0, rank: 1),
                _ => (unpools[random.Next(unpools.Length)].Op, unpools[random.Next(unpools.Length)].Shape),
            };
            if (op is UnpoolOp unpool)
            {
                shape = unpool.Pooled;
            }

            var candidate = new HostCase(op, shape.WithLayout(layout), element, seed + made);
            if (Valid(candidate))
            {
                made++;
                yield return candidate;
            }
        }
    }

    private static bool Valid(HostCase c)
    {
        try
        {
            return c.Output.Length >= 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static (PoolOp, TensorShape) Window(Random random, bool max, int rank = 0)
    {
        rank = rank == 0 ? random.Next(4) == 0 ? 3 : 2 : rank;
        long n = 1 + random.Next(2);
        long c = Pick(random, Channels);
        long d = rank == 3 ? 1 + random.Next(4) : 1;
        long h = rank == 1 ? 1 : 1 + random.Next(rank == 3 ? 5 : 9);
        long w = Pick(random, Widths);
        int Kernel(long size) => size == 1 ? 1 : 1 + random.Next((int)Math.Min(4, size));
        var (kd, kh, kw) = (Kernel(d), Kernel(h), Kernel(w));
        int Stride() => 1 + random.Next(3);
        int Padding(int k) => random.Next(k / 2 + 1);
        int Dilation(long size, int k) => k > 1 && size > 2 * k ? 1 + random.Next(2) : 1;
        bool ceil = random.Next(3) == 0;
        if (rank == 1)
        {
            var shape = TensorShape.Of1d(n, c, w);
            return max
                ? (MaxPoolOp.Of(new MaxPool1dOptions(kw) { Stride = Stride(), Padding = Padding(kw), Dilation = Dilation(w, kw), CeilMode = ceil }), shape)
                : (AvgPoolOp.Of(new AvgPool1dOptions(kw) { Stride = Stride(), Padding = Padding(kw), CeilMode = ceil, CountIncludePad = random.Next(2) == 0 }), shape);
        }

        var volume = TensorShape.Of3d(n, c, d, h, w);
        if (max)
        {
            return (MaxPoolOp.Of(new MaxPool3dOptions((kd, kh, kw))
            {
                Stride = (Stride(), Stride(), Stride()),
                Padding = (Padding(kd), Padding(kh), Padding(kw)),
                Dilation = (Dilation(d, kd), Dilation(h, kh), Dilation(w, kw)),
                CeilMode = ceil,
            }), volume);
        }

        return (AvgPoolOp.Of(new AvgPool3dOptions((kd, kh, kw))
        {
            Stride = (Stride(), Stride(), Stride()),
            Padding = (Padding(kd), Padding(kh), Padding(kw)),
            CeilMode = ceil,
            CountIncludePad = random.Next(2) == 0,
            DivisorOverride = random.Next(4) == 0 ? 1 + random.Next(7) : null,
        }), volume);
    }

    private static (PoolOp, TensorShape) Adaptive(Random random)
    {
        bool max = random.Next(2) == 0;
        long n = 1 + random.Next(2);
        long c = Pick(random, Channels);
        long w = Pick(random, Widths);
        int Size(long input) => 1 + random.Next((int)Math.Min(input + 3, 12));
        if (random.Next(3) == 0)
        {
            return (AdaptiveOp.Of1d(max, Size(w)), TensorShape.Of1d(n, c, w));
        }

        long d = 1 + random.Next(3);
        long h = 1 + random.Next(9);
        return (AdaptiveOp.Of3d(max, (Size(d), Size(h), Size(w))), TensorShape.Of3d(n, c, d, h, w));
    }

    private static (PoolOp, TensorShape) Lp(Random random)
    {
        double[] norms = [1, 2, 3, 1.5, -1];
        double p = norms[random.Next(norms.Length)];
        long n = 1 + random.Next(2);
        long c = Pick(random, Channels);
        long w = Pick(random, Widths);
        int kw = 1 + random.Next((int)Math.Min(3, w));
        if (random.Next(2) == 0)
        {
            return (LpPoolOp.Of(new LPPool1dOptions(p, kw) { Stride = 1 + random.Next(3), CeilMode = random.Next(2) == 0 }), TensorShape.Of1d(n, c, w));
        }

        long h = 1 + random.Next(6);
        int kh = 1 + random.Next((int)Math.Min(3, h));
        return (LpPoolOp.Of(new LPPool2dOptions(p, (kh, kw)) { Stride = (1 + random.Next(3), 1 + random.Next(3)), CeilMode = random.Next(2) == 0 }), new TensorShape(n, c, h, w));
    }

    private static long Pick(Random random, long[] values) => values[random.Next(values.Length)];
}
