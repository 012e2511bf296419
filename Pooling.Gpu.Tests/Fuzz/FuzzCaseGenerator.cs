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
        return new ForwardCase(PoolOp.MaxPool2d, shape, FuzzDraws.Kind(random), Max: options);
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
            DivisorOverride = random.Next(5) < 2 ? FuzzDraws.NonZero(random, -6, 12) : null,
        };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (h.Stride, w.Stride) };
        }

        var shape = Shape(random, size => h.Fits(size, options.Stride.Height, ceil), size => w.Fits(size, options.Stride.Width, ceil), h.MaxInput, w.MaxInput);
        return new ForwardCase(PoolOp.AvgPool2d, shape, FuzzDraws.Kind(random), Avg: options);
    }

    private static ForwardCase Adaptive(Random random, PoolOp op)
    {
        var shape = Shape(random, _ => true, _ => true, 16, 16);
        Size2 output = (FuzzDraws.OutputSize(random, shape.H), FuzzDraws.OutputSize(random, shape.W));
        return new ForwardCase(op, shape, FuzzDraws.Kind(random), OutputSize: output);
    }

    /// <summary>Mostly small planes; one in five over 256 elements, where compact indices take 4 bytes.</summary>
    private static ForwardCase Global(Random random, PoolOp op)
    {
        int size = random.Next(5) == 0 ? 40 : 12;
        return new(op, Shape(random, _ => true, _ => true, size, size), FuzzDraws.Kind(random));
    }

    /// <summary>N in 0..3 (0 rarely) or rank 3; C in 1..4; H and W fitting the op, 1 often.</summary>
    private static TensorShape Shape(Random random, Func<long, bool> fitsH, Func<long, bool> fitsW, int maxH, int maxW)
    {
        long c = FuzzDraws.Channels(random);
        long h = FuzzDraws.Dimension(random, fitsH, maxH), w = FuzzDraws.Dimension(random, fitsW, maxW);
        return FuzzDraws.Batched(random, 2, c, 1, h, w);
    }
}
