namespace Pooling.Gpu.Tests;

/// <summary>
/// Random cases for the host path's comparison with the kernels, from a fixed seed: every window
/// op (max, average, adaptive, global, power-average, unpooling, fractional max) in 1D, 2D and 3D,
/// every element type, both layouts, with padding, dilation, ceil mode, count_include_pad and
/// divisor overrides; the max ops (window, adaptive, global) in every integer type too; widths and
/// channel counts on both sides of the vector widths (1 to 67), so that vector bodies, their
/// tails and the border outputs all run.
/// </summary>
public static class HostCases
{
    private static readonly long[] Widths = [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 24, 31, 33, 40, 64, 67];

    private static readonly long[] Channels = [1, 2, 3, 7, 8, 9, 16, 17];

    public static IEnumerable<HostCase> All => Generate(520, 20260).Concat(OneOutputPlanes).Concat(WideWindows).Concat(EmptyWindows);

    /// <summary>
    /// Planes with one output (global pooling's fast backward): a window that is the whole plane
    /// but counts padding in its divisor, one that leaves inputs out, and the whole plane.
    /// </summary>
    private static IEnumerable<HostCase> OneOutputPlanes =>
    [
        new(AvgPoolOp.Of(new AvgPool2dOptions(3) { Padding = 1 }), new TensorShape(2, 9, 1, 1), ElementType.Float32, 1),
        new(AvgPoolOp.Of(new AvgPool2dOptions(3) { Padding = 1 }), new TensorShape(1, 8, 1, 1), ElementType.BFloat16, 2),
        new(AvgPoolOp.Of(new AvgPool2dOptions(3) { Stride = 3 }), new TensorShape(1, 9, 4, 5), ElementType.Float32, 3),
        new(new GlobalOp(Max: false), new TensorShape(1, 9, 1, 1), ElementType.Float16, 4),
    ];

    /// <summary>
    /// Max pooling over windows of more than 255 positions (4-byte compact ordinals, which the
    /// backward's scatter decodes apart from 1-byte ones): adaptive windows that overlap along
    /// both axes (17 x 16 positions), and whole planes; and blocks of planes whose windows, all
    /// outputs together, hold more positions than a chunk makes once (9 x 16,384), so each output
    /// makes its own (max: an average of that many of these values is a NaN in every window).
    /// </summary>
    private static IEnumerable<HostCase> WideWindows =>
    [
        new(AdaptiveOp.Of2d(max: true, 2), new TensorShape(1, 3, 33, 31), ElementType.Float32, 5),
        new(new GlobalOp(Max: true), new TensorShape(2, 3, 9, 40), ElementType.Float32, 6),
        new(AdaptiveOp.Of2d(max: true, 3), new TensorShape(1, 8, 380, 380), ElementType.Float32, 7),
        new(AdaptiveOp.Of2d(max: true, 3), new TensorShape(1, 9, 381, 380), ElementType.BFloat16, 8),
    ];

    /// <summary>
    /// Max pooling whose dilated windows hold no input position (the kernel's body stores its
    /// "none" there): along H, every row of a plane; along W, the one column of each row. Random
    /// cases dilate only planes wider than twice the kernel, where no window is empty.
    /// </summary>
    private static IEnumerable<HostCase> EmptyWindows =>
    [
        new(MaxPoolOp.Of(new MaxPool2dOptions(2) { Stride = 1, Padding = 1, Dilation = 3 }), new TensorShape(1, 3, 2, 9), ElementType.Float32, 9),
        new(MaxPoolOp.Of(new MaxPool2dOptions(2) { Stride = 1, Padding = 1, Dilation = (1, 3) }), new TensorShape(2, 3, 4, 2), ElementType.BFloat16, 10),
    ];

    public static IEnumerable<HostCase> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var unpools = GridCases.Base.Where(c => c.Op is UnpoolOp).ToArray();
        for (int made = 0; made < count;)
        {
            var element = (ElementType)(made % 4);
            var layout = made / 4 % 2 == 0 ? TensorLayout.ChannelsFirst : TensorLayout.ChannelsLast;
            int kind = random.Next(13);
            var (op, shape) = kind switch
            {
                < 3 => Window(random, max: true),
                < 5 => Window(random, max: false),
                5 => Adaptive(random, random.Next(2) == 0),
                6 => Global(random, random.Next(2) == 0),
                7 => Lp(random),
                8 => Window(random, max: random.Next(2) == 0, rank: 1),
                9 => (unpools[random.Next(unpools.Length)].Op, unpools[random.Next(unpools.Length)].Shape),
                10 => Fractional(random),
                _ => random.Next(4) switch
                {
                    0 => Adaptive(random, max: true),
                    1 => Global(random, max: true),
                    2 => Window(random, max: true, rank: 1),
                    _ => Window(random, max: true),
                },
            };
            if (op is UnpoolOp unpool)
            {
                shape = unpool.Pooled;
            }

            IntegerType? integer = kind > 10 ? (IntegerType)random.Next(5) : null;
            var candidate = new HostCase(op, shape.WithLayout(layout), element, seed + made, integer);
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
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Options the op refuses for the shape, or fractional samples whose windows differ in float64.
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

    private static (PoolOp, TensorShape) Adaptive(Random random, bool max)
    {
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
        if (random.Next(2) == 0)
        {
            return (LpPoolOp.Of(new LPPool2dOptions(p, (kh, kw)) { Stride = (1 + random.Next(3), 1 + random.Next(3)), CeilMode = random.Next(2) == 0 }), new TensorShape(n, c, h, w));
        }

        long d = 1 + random.Next(4);
        int kd = 1 + random.Next((int)Math.Min(3, d));
        var stride = (1 + random.Next(3), 1 + random.Next(3), 1 + random.Next(3));
        return (LpPoolOp.Of(new LPPool3dOptions(p, (kd, kh, kw)) { Stride = stride, CeilMode = random.Next(2) == 0 }), TensorShape.Of3d(n, c, d, h, w));
    }

    private static (PoolOp, TensorShape) Global(Random random, bool max) =>
        (new GlobalOp(max), new TensorShape(1 + random.Next(2), Pick(random, Channels), 1 + random.Next(9), Pick(random, Widths)));

    /// <summary>
    /// Fractional max pooling over windows drawn from a random seed: outputs from one to the most
    /// that fit (windows one apart; in 3D, PyTorch's rule keeps output + kernel - 1 below the input).
    /// </summary>
    private static (PoolOp, TensorShape) Fractional(Random random)
    {
        bool volume = random.Next(2) == 0;
        int room = volume ? 1 : 0;
        long n = 1 + random.Next(2);
        long c = Pick(random, Channels);
        long d = 1 + room + random.Next(3);
        long h = 1 + room + random.Next(8);
        long w = Math.Max(1 + room, Pick(random, Widths));
        int Kernel(long size) => 1 + random.Next((int)Math.Min(4, size - room));
        int Output(long size, int kernel) => 1 + random.Next((int)(size - kernel + 1 - room));
        var (kd, kh, kw) = (Kernel(d), Kernel(h), Kernel(w));
        ulong seed = (ulong)random.NextInt64();
        if (!volume)
        {
            var plane = new TensorShape(n, c, h, w);
            return (FractionalOp.Of(new FractionalMaxPool2dOptions((kh, kw)) { OutputSize = (Output(h, kh), Output(w, kw)), Seed = seed }, plane), plane);
        }

        var shape = TensorShape.Of3d(n, c, d, h, w);
        return (FractionalOp.Of(new FractionalMaxPool3dOptions((kd, kh, kw)) { OutputSize = (Output(d, kd), Output(h, kh), Output(w, kw)), Seed = seed }, shape), shape);
    }

    private static long Pick(Random random, long[] values) => values[random.Next(values.Length)];
}
