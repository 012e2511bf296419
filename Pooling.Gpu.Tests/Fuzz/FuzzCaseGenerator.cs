namespace Pooling.Gpu.Tests;

/// <summary>
/// Random valid configurations of every op: kernel 1..5 (one axis in eight 6..11; one window
/// in ten 10..24 on both axes, which often passes 256 positions: 4-byte compact indices), stride 1..4 or the default,
/// dilation 1..3, padding up to half the kernel (inside both PyTorch 1.13's rule, pad &lt;= k/2, and the
/// current one, pad &lt;= ((k-1)*d+1)/2), ceil mode, count_include_pad, divisor overrides,
/// adaptive sizes below and above the input's, and the shape edges (N = 0 or 1, C = 1, H or W = 1,
/// odd sizes, rank 3, planes over 256 elements for 4-byte compact indices). Each dimension of a
/// window op draws its own values, so non-square kernels, strides and paddings are common.
/// </summary>
public static class FuzzCaseGenerator
{
    private static readonly DataKind[] Kinds = Enum.GetValues<DataKind>();

    private static readonly ElementType[] Elements = Enum.GetValues<ElementType>();

    /// <summary>
    /// Cases 0..count-1 of a run; case i depends only on the seed and i. One in three is in
    /// another element type or layout (float64, float16, bfloat16; channels-last).
    /// </summary>
    public static IReadOnlyList<FuzzCase> Generate(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var random = new Random(CaseSeed(seed, i));
            var c = Generate(random);
            return random.Next(3) == 0
                ? new FuzzCase(seed, i, c, Elements[random.Next(Elements.Length)], random.Next(2) == 0 ? TensorLayout.ChannelsLast : TensorLayout.ChannelsFirst)
                : new FuzzCase(seed, i, c);
        })];

    /// <summary>One case drawn from <paramref name="random"/>.</summary>
    public static ForwardCase Generate(Random random) => random.Next(40) switch
    {
        < 12 => MaxPool(random),
        < 24 => AvgPool(random),
        < 29 => Adaptive(random, PoolOp.AdaptiveMaxPool2d),
        < 34 => Adaptive(random, PoolOp.AdaptiveAvgPool2d),
        < 37 => Global(random, PoolOp.GlobalMaxPool2d),
        _ => Global(random, PoolOp.GlobalAvgPool2d),
    };

    private static int CaseSeed(int seed, int number) => unchecked((seed * 1_000_003) + number) & int.MaxValue;

    private static ForwardCase MaxPool(Random random)
    {
        bool large = random.Next(10) == 0;
        var (h, w) = (WindowAxis.Draw(random, large, dilated: true), WindowAxis.Draw(random, large, dilated: true));
        bool ceil = random.Next(2) == 0;
        var options = new MaxPool2dOptions((h.Kernel, w.Kernel)) { Padding = (h.Padding, w.Padding), Dilation = (h.Dilation, w.Dilation), CeilMode = ceil };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (h.Stride, w.Stride) };
        }

        var shape = Shape(random, size => h.Fits(size, options.Stride.Height, ceil), size => w.Fits(size, options.Stride.Width, ceil), h.MaxInput, w.MaxInput);
        return new ForwardCase(PoolOp.MaxPool2d, shape, Kind(random), Max: options);
    }

    private static ForwardCase AvgPool(Random random)
    {
        bool large = random.Next(10) == 0;
        var (h, w) = (WindowAxis.Draw(random, large, dilated: false), WindowAxis.Draw(random, large, dilated: false));
        bool ceil = random.Next(2) == 0;
        var options = new AvgPool2dOptions((h.Kernel, w.Kernel))
        {
            Padding = (h.Padding, w.Padding),
            CeilMode = ceil,
            CountIncludePad = random.Next(2) == 0,
            DivisorOverride = random.Next(5) < 2 ? NonZero(random, -6, 12) : null,
        };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (h.Stride, w.Stride) };
        }

        var shape = Shape(random, size => h.Fits(size, options.Stride.Height, ceil), size => w.Fits(size, options.Stride.Width, ceil), h.MaxInput, w.MaxInput);
        return new ForwardCase(PoolOp.AvgPool2d, shape, Kind(random), Avg: options);
    }

    private static ForwardCase Adaptive(Random random, PoolOp op)
    {
        var shape = Shape(random, _ => true, _ => true, 16, 16);
        Size2 output = (OutputSize(random, shape.H), OutputSize(random, shape.W));
        return new ForwardCase(op, shape, Kind(random), OutputSize: output);
    }

    /// <summary>Mostly small planes; one in five over 256 elements, where compact indices take 4 bytes.</summary>
    private static ForwardCase Global(Random random, PoolOp op)
    {
        int size = random.Next(5) == 0 ? 40 : 12;
        return new(op, Shape(random, _ => true, _ => true, size, size), Kind(random));
    }

    /// <summary>An adaptive output size: 1, or anything up to a few more than the input.</summary>
    private static int OutputSize(Random random, long input) => random.Next(6) == 0 ? 1 : 1 + random.Next((int)input + 3);

    /// <summary>N in 0..3 (0 rarely) or rank 3; C in 1..4; H and W fitting the op, 1 often.</summary>
    private static TensorShape Shape(Random random, Func<long, bool> fitsH, Func<long, bool> fitsW, int maxH, int maxW)
    {
        long c = random.Next(5) < 2 ? 1 : 1 + random.Next(4);
        long h = Dimension(random, fitsH, maxH), w = Dimension(random, fitsW, maxW);
        return random.Next(10) switch
        {
            0 => new TensorShape(c, h, w),
            1 => new TensorShape(0, c, h, w),
            < 5 => new TensorShape(1, c, h, w),
            _ => new TensorShape(2 + random.Next(2), c, h, w),
        };
    }

    /// <summary>A size that gives at least one window: 1 when it can, one time in five, else uniform.</summary>
    private static long Dimension(Random random, Func<long, bool> fits, int maxSize)
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

    private static DataKind Kind(Random random) => Kinds[random.Next(Kinds.Length)];

    private static int NonZero(Random random, int min, int max)
    {
        int value = random.Next(min, max);
        return value == 0 ? max : value;
    }

    /// <summary>One axis of a window op: kernel, stride, padding within both rules, dilation.</summary>
    private readonly record struct WindowAxis(int Kernel, int Stride, int Padding, int Dilation)
    {
        /// <summary>Inputs up to this size: a few more than the effective kernel, which always fits.</summary>
        public int MaxInput => Math.Max(16, ((Kernel - 1) * Dilation) + 5);

        public static WindowAxis Draw(Random random, bool large, bool dilated)
        {
            int kernel = large ? 10 + random.Next(15) : random.Next(8) == 0 ? 6 + random.Next(6) : 1 + random.Next(5);
            int dilation = dilated && random.Next(2) == 0 ? 2 + random.Next(2) : 1;
            return new WindowAxis(kernel, 1 + random.Next(4), random.Next(kernel / 2 + 1), dilation);
        }

        /// <summary>Whether an input of this size gives at least one window.</summary>
        public bool Fits(long size, int stride, bool ceil) => ReferencePooling.OutputSize(size, Kernel, stride, Padding, Dilation, ceil) >= 1;
    }
}
