namespace Pooling.Gpu.Tests;

/// <summary>
/// Random valid cases of the breadth ops, drawn as <see cref="FuzzCaseGenerator"/> draws the 2D
/// ones: max_pool1d/3d and avg_pool1d/3d with each axis's own kernel, stride, padding (within both
/// PyTorch rules) and dilation, ceil mode, count_include_pad and divisor overrides; adaptive
/// 1D/3D max and average pooling to sizes below and above the input's; lp_pool1d/2d with
/// exponents from -1 to 4; max_unpool2d of a max pooling's indices (or of many duplicates), with
/// the default or an explicit output size; and the shape edges: N = 0 or 1, unbatched, C = 1,
/// sizes of 1, windows of more than 256 positions (4-byte compact indices). Half the cases run in
/// another element type or layout. Volumes stay small (a few more than the window per axis), as the
/// CPU accelerator runs every thread in turn.
/// </summary>
public static class BreadthCaseGenerator
{
    private static readonly ElementType[] Elements = Enum.GetValues<ElementType>();

    /// <summary>lp_pool's exponents: the common ones often, below 1 (where 0^(p-1) is infinite) now and then.</summary>
    private static readonly double[] Exponents = [1, 1.5, 2, 2, 2.5, 3, 4, 0.5, -1];

    /// <summary>Cases 0..count-1 of a run; case i depends only on the seed and i (and not on the 2D run's case i).</summary>
    public static IReadOnlyList<BreadthFuzzCase> Generate(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var random = new Random(CaseSeed(seed, i));
            var c = Generate(random);
            return new BreadthFuzzCase(seed, i, random.Next(2) == 0
                ? c with { Element = Elements[random.Next(Elements.Length)], Layout = random.Next(2) == 0 ? TensorLayout.ChannelsLast : TensorLayout.ChannelsFirst }
                : c);
        })];

    /// <summary>One float32 channels-first case drawn from <paramref name="random"/>.</summary>
    public static BreadthCase Generate(Random random) => random.Next(22) switch
    {
        < 3 => MaxPool1d(random),
        < 6 => MaxPool3d(random),
        < 8 => AvgPool1d(random),
        < 10 => AvgPool3d(random),
        < 11 => Adaptive(random, max: true, spatialRank: 1),
        < 12 => Adaptive(random, max: false, spatialRank: 1),
        < 13 => Adaptive(random, max: true, spatialRank: 3),
        < 14 => Adaptive(random, max: false, spatialRank: 3),
        < 16 => LpPool(random, spatialRank: 1),
        < 18 => LpPool(random, spatialRank: 2),
        _ => Unpool(random),
    };

    /// <summary>
    /// The seed and number mixed by splitmix64's finaliser, so that cases do not get consecutive
    /// seeds: System.Random's seeded generator gives related sequences for nearby seeds.
    /// </summary>
    private static int CaseSeed(int seed, int number)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 | (uint)number) + 0x9E3779B97F4A7C15);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>
    /// One time in ten a kernel of more than 256 (4-byte compact indices; cheap in 1D), one in ten
    /// a line of 1 or 2 under a kernel of 2 dilated by 3 with padding 1, whose windows lie all in
    /// padding (index -1; PyTorch is not asked, the reference judges).
    /// </summary>
    private static BreadthCase MaxPool1d(Random random)
    {
        var (axis, maxLength) = random.Next(10) switch
        {
            0 => (new WindowAxis(257 + random.Next(40), 1 + random.Next(4), random.Next(3), 1), 300),
            1 => (new WindowAxis(2, 1 + random.Next(2), 1, 3), 2),
            _ => (WindowAxis.Draw(random, random.Next(10) == 0, dilated: true), 0),
        };
        bool ceil = random.Next(2) == 0;
        var options = new MaxPool1dOptions(axis.Kernel) { Padding = axis.Padding, Dilation = axis.Dilation, CeilMode = ceil };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = axis.Stride };
        }

        long length = FuzzDraws.Dimension(random, size => axis.Fits(size, options.Stride, ceil), maxLength > 0 ? maxLength : axis.MaxInput);
        return new(MaxPoolOp.Of(options), Line(random, length), FuzzDraws.Kind(random));
    }

    private static BreadthCase MaxPool3d(Random random)
    {
        bool large = random.Next(10) == 0;
        var (d, h, w) = (WindowAxis.DrawSmall(random, large, dilated: true), WindowAxis.DrawSmall(random, large, dilated: true), WindowAxis.DrawSmall(random, large, dilated: true));
        bool ceil = random.Next(2) == 0;
        var options = new MaxPool3dOptions((d.Kernel, h.Kernel, w.Kernel))
        {
            Padding = (d.Padding, h.Padding, w.Padding), Dilation = (d.Dilation, h.Dilation, w.Dilation), CeilMode = ceil,
        };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (d.Stride, h.Stride, w.Stride) };
        }

        var s = options.Stride;
        var shape = Volume(random, Fitting(random, d, s.Depth, ceil, false), Fitting(random, h, s.Height, ceil, false), Fitting(random, w, s.Width, ceil, false));
        return new(MaxPoolOp.Of(options), shape, FuzzDraws.Kind(random));
    }

    private static BreadthCase AvgPool1d(Random random)
    {
        var axis = WindowAxis.Draw(random, random.Next(10) == 0, dilated: false);
        bool ceil = random.Next(2) == 0;
        var options = new AvgPool1dOptions(axis.Kernel) { Padding = axis.Padding, CeilMode = ceil, CountIncludePad = random.Next(2) == 0 };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = axis.Stride };
        }

        return new(AvgPoolOp.Of(options), Line(random, FuzzDraws.Dimension(random, size => axis.Fits(size, options.Stride, ceil), axis.MaxInput)), FuzzDraws.Kind(random));
    }

    /// <summary>avg_pool3d also needs every input size at least the kernel's.</summary>
    private static BreadthCase AvgPool3d(Random random)
    {
        var (d, h, w) = (WindowAxis.DrawSmall(random, false, dilated: false), WindowAxis.DrawSmall(random, false, dilated: false), WindowAxis.DrawSmall(random, false, dilated: false));
        bool ceil = random.Next(2) == 0;
        var options = new AvgPool3dOptions((d.Kernel, h.Kernel, w.Kernel))
        {
            Padding = (d.Padding, h.Padding, w.Padding),
            CeilMode = ceil,
            CountIncludePad = random.Next(2) == 0,
            DivisorOverride = random.Next(5) < 2 ? FuzzDraws.NonZero(random, -6, 12) : null,
        };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (d.Stride, h.Stride, w.Stride) };
        }

        var s = options.Stride;
        var shape = Volume(random, Fitting(random, d, s.Depth, ceil, true), Fitting(random, h, s.Height, ceil, true), Fitting(random, w, s.Width, ceil, true));
        return new(AvgPoolOp.Of(options), shape, FuzzDraws.Kind(random));
    }

    /// <summary>One time in ten (1D) a line of 257..320 to one output, or (3D) a 7x7x7 volume to 1x1x1: windows of more than 256 positions.</summary>
    private static BreadthCase Adaptive(Random random, bool max, int spatialRank)
    {
        bool large = random.Next(10) == 0;
        if (spatialRank == 1)
        {
            var line = Line(random, large ? 257 + random.Next(64) : FuzzDraws.Dimension(random, _ => true, 40));
            return new(AdaptiveOp.Of1d(max, large ? 1 : FuzzDraws.OutputSize(random, line.W)), line, FuzzDraws.Kind(random));
        }

        Func<long> any = () => FuzzDraws.Dimension(random, _ => true, 8);
        var volume = large ? FuzzDraws.Batched(random, 3, 1, 7, 7, 7) : Volume(random, any, any, any);
        Size3 output = large ? 1 : (FuzzDraws.OutputSize(random, volume.D), FuzzDraws.OutputSize(random, volume.H), FuzzDraws.OutputSize(random, volume.W));
        return new(AdaptiveOp.Of3d(max, output), volume, FuzzDraws.Kind(random));
    }

    /// <summary>lp_pool1d or lp_pool2d: kernel and stride per axis, no padding, ceil mode.</summary>
    private static BreadthCase LpPool(Random random, int spatialRank)
    {
        double p = Exponents[random.Next(Exponents.Length)];
        bool ceil = random.Next(2) == 0;
        var (h, w) = (WindowAxis.Draw(random, false, dilated: false) with { Padding = 0 }, WindowAxis.Draw(random, false, dilated: false) with { Padding = 0 });
        if (spatialRank == 1)
        {
            var line = new LPPool1dOptions(p, w.Kernel) { CeilMode = ceil, Stride = random.Next(4) != 0 ? w.Stride : w.Kernel };
            return new(LpPoolOp.Of(line), Line(random, FuzzDraws.Dimension(random, size => w.Fits(size, line.Stride, ceil), w.MaxInput)), FuzzDraws.Kind(random));
        }

        var plane = new LPPool2dOptions(p, (h.Kernel, w.Kernel)) { CeilMode = ceil, Stride = random.Next(4) != 0 ? (h.Stride, w.Stride) : (h.Kernel, w.Kernel) };
        long c = FuzzDraws.Channels(random);
        long height = FuzzDraws.Dimension(random, size => h.Fits(size, plane.Stride.Height, ceil), h.MaxInput);
        long width = FuzzDraws.Dimension(random, size => w.Fits(size, plane.Stride.Width, ceil), w.MaxInput);
        return new(LpPoolOp.Of(plane), FuzzDraws.Batched(random, 2, c, 1, height, width), FuzzDraws.Kind(random));
    }

    /// <summary>
    /// Unpooling of a max pooling of a random source (kernel 1..4, stride 1..3 or the kernel,
    /// padding up to half the kernel): the default output size where it is the source's, else the
    /// source's size given explicitly (always within PyTorch's range); one in four with duplicates.
    /// </summary>
    private static BreadthCase Unpool(Random random)
    {
        var (h, w) = (WindowAxis.DrawSmall(random, false, dilated: false), WindowAxis.DrawSmall(random, false, dilated: false));
        var options = new MaxUnpool2dOptions((h.Kernel, w.Kernel)) { Padding = (h.Padding, w.Padding) };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (h.Stride, w.Stride) };
        }

        long c = FuzzDraws.Channels(random, 3);
        long height = FuzzDraws.Dimension(random, size => h.Fits(size, options.Stride.Height, false), 12);
        long width = FuzzDraws.Dimension(random, size => w.Fits(size, options.Stride.Width, false), 12);
        var source = FuzzDraws.Batched(random, 2, c, 1, height, width);
        var op = new UnpoolOp(source, options, Duplicates: random.Next(4) == 0);
        bool defaultFits = op.OutputShape(op.Pooled) == source;
        if (!defaultFits || random.Next(2) == 0)
        {
            op = op with { Options = options with { OutputSize = ((int)height, (int)width) } };
        }

        return new(op, op.Pooled, FuzzDraws.Kind(random));
    }

    /// <summary>A (N, C, L) shape of the given length.</summary>
    private static TensorShape Line(Random random, long length) => FuzzDraws.Batched(random, 1, FuzzDraws.Channels(random), 1, 1, length);

    /// <summary>A (N, C, D, H, W) shape of small C and the drawn sizes (drawn in this order: C, D, H, W).</summary>
    private static TensorShape Volume(Random random, Func<long> depth, Func<long> height, Func<long> width)
    {
        long c = FuzzDraws.Channels(random, 3);
        return FuzzDraws.Batched(random, 3, c, depth(), height(), width());
    }

    /// <summary>Draws a size along a 3D axis that gives at least one window (and is at least the kernel when asked), a few more than the window at most.</summary>
    private static Func<long> Fitting(Random random, WindowAxis axis, int stride, bool ceil, bool atLeastKernel) =>
        () => FuzzDraws.Dimension(random, size => axis.Fits(size, stride, ceil) && (!atLeastKernel || size >= axis.Kernel), axis.MaxVolumeInput);
}
