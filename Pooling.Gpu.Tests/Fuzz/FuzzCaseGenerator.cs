namespace Pooling.Gpu.Tests;

/// <summary>
/// Random valid cases of every op, from two tables of draws, each with its own numbering, so that
/// one seed and count set the whole run and each table's case i stays the one that seed always gave.
/// The 2D window ops (<see cref="Planes"/>): max_pool2d and avg_pool2d with kernel 1..5 (one axis in
/// eight 6..11; one window in ten 10..24 on both axes, which often passes 256 positions: 4-byte
/// compact indices), stride 1..4 or the default, dilation 1..3, padding up to half the kernel
/// (inside both PyTorch 1.13's rule, pad &lt;= k/2, and the current one, pad &lt;= ((k-1)*d+1)/2),
/// ceil mode, count_include_pad, divisor overrides; adaptive sizes below and above the input's;
/// global pooling of planes up to 40 x 40; each dimension draws its own values, so non-square
/// kernels, strides and paddings are common; a third of these cases in another element type or
/// layout. The other ops (<see cref="Others"/>): max_pool1d/3d and avg_pool1d/3d with each axis's
/// own kernel, stride, padding and dilation; adaptive 1D/3D pooling; lp_pool1d/2d/3d with
/// exponents from -1 to 4; max_unpool1d/2d/3d of a max pooling's indices (or of many duplicates),
/// with the default or an explicit output size; half of these in another type or layout. And the
/// shape edges: N = 0 or 1, unbatched, C = 1, sizes of 1, windows of more than 256 positions.
/// Volumes stay small (a few more than the window per axis), as the CPU accelerator runs every
/// thread in turn.
/// </summary>
public static class FuzzCaseGenerator
{
    /// <summary>The 2D window ops: case i seeded from <c>seed * 1000003 + i</c>, one in three in another type or layout.</summary>
    public static readonly FuzzTable Planes = new("plane", (seed, i) => unchecked((seed * 1_000_003) + i) & int.MaxValue, DrawPlane, VariantOneIn: 3);

    /// <summary>The other ops: case i seeded from the seed and i mixed, one in two in another type or layout.</summary>
    public static readonly FuzzTable Others = new("other", MixedSeed, DrawOther, VariantOneIn: 2);

    private static readonly ElementType[] Elements = Enum.GetValues<ElementType>();

    /// <summary>lp_pool's exponents: the common ones often, below 1 (where 0^(p-1) is infinite) now and then.</summary>
    private static readonly double[] Exponents = [1, 1.5, 2, 2, 2.5, 3, 4, 0.5, -1];

    /// <summary>Cases 0..count-1 of each table.</summary>
    public static IReadOnlyList<FuzzCase> Generate(int seed, int count) =>
        [.. new[] { Planes, Others }.SelectMany(table => Enumerable.Range(0, count).Select(i => Draw(seed, table, i)))];

    /// <summary>Case <paramref name="number"/> of a table: a float32 channels-first case, then now and then another element type and layout.</summary>
    private static FuzzCase Draw(int seed, FuzzTable table, int number)
    {
        var random = new Random(table.CaseSeed(seed, number));
        var c = table.Draw(random);
        return new(seed, table.Name, number, random.Next(table.VariantOneIn) == 0
            ? c with { Element = Elements[random.Next(Elements.Length)], Layout = random.Next(2) == 0 ? TensorLayout.ChannelsLast : TensorLayout.ChannelsFirst }
            : c);
    }

    private static PoolCase DrawPlane(Random random) => random.Next(40) switch
    {
        < 12 => MaxPool2d(random),
        < 24 => AvgPool2d(random),
        < 29 => Adaptive2d(random, max: true),
        < 34 => Adaptive2d(random, max: false),
        < 37 => Global(random, max: true),
        _ => Global(random, max: false),
    };

    private static PoolCase DrawOther(Random random) => random.Next(22) switch
    {
        < 3 => MaxPool1d(random),
        < 6 => MaxPool3d(random),
        < 8 => AvgPool1d(random),
        < 10 => AvgPool3d(random),
        < 11 => Adaptive(random, max: true, spatialRank: 1),
        < 12 => Adaptive(random, max: false, spatialRank: 1),
        < 13 => Adaptive(random, max: true, spatialRank: 3),
        < 14 => Adaptive(random, max: false, spatialRank: 3),
        < 18 => LpPool(random, spatialRank: 1 + random.Next(3)),
        _ => Unpool(random),
    };

    /// <summary>
    /// The seed and number mixed by splitmix64's finaliser, so that cases do not get consecutive
    /// seeds: System.Random's seeded generator gives related sequences for nearby seeds.
    /// </summary>
    private static int MixedSeed(int seed, int number)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 | (uint)number) + 0x9E3779B97F4A7C15);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private static PoolCase MaxPool2d(Random random)
    {
        bool large = random.Next(10) == 0;
        var (h, w) = (WindowAxis.Draw(random, large, dilated: true), WindowAxis.Draw(random, large, dilated: true));
        bool ceil = random.Next(2) == 0;
        var options = new MaxPool2dOptions((h.Kernel, w.Kernel)) { Padding = (h.Padding, w.Padding), Dilation = (h.Dilation, w.Dilation), CeilMode = ceil };
        if (random.Next(4) != 0)
        {
            options = options with { Stride = (h.Stride, w.Stride) };
        }

        var shape = Plane(random, size => h.Fits(size, options.Stride.Height, ceil), size => w.Fits(size, options.Stride.Width, ceil), h.MaxInput, w.MaxInput);
        return new(MaxPoolOp.Of(options), shape, FuzzDraws.Kind(random));
    }

    private static PoolCase AvgPool2d(Random random)
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

        var shape = Plane(random, size => h.Fits(size, options.Stride.Height, ceil), size => w.Fits(size, options.Stride.Width, ceil), h.MaxInput, w.MaxInput);
        return new(AvgPoolOp.Of(options), shape, FuzzDraws.Kind(random));
    }

    private static PoolCase Adaptive2d(Random random, bool max)
    {
        var shape = Plane(random, _ => true, _ => true, 16, 16);
        Size2 output = (FuzzDraws.OutputSize(random, shape.H), FuzzDraws.OutputSize(random, shape.W));
        return new(AdaptiveOp.Of2d(max, output), shape, FuzzDraws.Kind(random));
    }

    /// <summary>Mostly small planes; one in five over 256 elements, where compact indices take 4 bytes.</summary>
    private static PoolCase Global(Random random, bool max)
    {
        int size = random.Next(5) == 0 ? 40 : 12;
        return new(new GlobalOp(max), Plane(random, _ => true, _ => true, size, size), FuzzDraws.Kind(random));
    }

    /// <summary>
    /// One time in ten a kernel of more than 256 (4-byte compact indices; cheap in 1D), one in ten
    /// a line of 1 or 2 under a kernel of 2 dilated by 3 with padding 1, whose windows lie all in
    /// padding (index -1; PyTorch is not asked, the reference judges).
    /// </summary>
    private static PoolCase MaxPool1d(Random random)
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

    private static PoolCase MaxPool3d(Random random)
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

    private static PoolCase AvgPool1d(Random random)
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
    private static PoolCase AvgPool3d(Random random)
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
    private static PoolCase Adaptive(Random random, bool max, int spatialRank)
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

    /// <summary>lp_pool1d, lp_pool2d or lp_pool3d: kernel and stride per axis, no padding, ceil mode; in 3D the input at least the kernel (avg_pool3d's rule).</summary>
    private static PoolCase LpPool(Random random, int spatialRank)
    {
        double p = Exponents[random.Next(Exponents.Length)];
        bool ceil = random.Next(2) == 0;
        if (spatialRank == 3)
        {
            var (d, h, w) = (Unpadded(WindowAxis.DrawSmall(random, false, dilated: false)), Unpadded(WindowAxis.DrawSmall(random, false, dilated: false)), Unpadded(WindowAxis.DrawSmall(random, false, dilated: false)));
            var volume = new LPPool3dOptions(p, (d.Kernel, h.Kernel, w.Kernel)) { CeilMode = ceil };
            if (random.Next(4) != 0)
            {
                volume = volume with { Stride = (d.Stride, h.Stride, w.Stride) };
            }

            var s = volume.Stride;
            var shape = Volume(random, Fitting(random, d, s.Depth, ceil, true), Fitting(random, h, s.Height, ceil, true), Fitting(random, w, s.Width, ceil, true));
            return new(LpPoolOp.Of(volume), shape, FuzzDraws.Kind(random));
        }

        var (rows, columns) = (Unpadded(WindowAxis.Draw(random, false, dilated: false)), Unpadded(WindowAxis.Draw(random, false, dilated: false)));
        if (spatialRank == 1)
        {
            var line = new LPPool1dOptions(p, columns.Kernel) { CeilMode = ceil, Stride = random.Next(4) != 0 ? columns.Stride : columns.Kernel };
            return new(LpPoolOp.Of(line), Line(random, FuzzDraws.Dimension(random, size => columns.Fits(size, line.Stride, ceil), columns.MaxInput)), FuzzDraws.Kind(random));
        }

        var plane = new LPPool2dOptions(p, (rows.Kernel, columns.Kernel)) { CeilMode = ceil, Stride = random.Next(4) != 0 ? (rows.Stride, columns.Stride) : (rows.Kernel, columns.Kernel) };
        long c = FuzzDraws.Channels(random);
        long height = FuzzDraws.Dimension(random, size => rows.Fits(size, plane.Stride.Height, ceil), rows.MaxInput);
        long width = FuzzDraws.Dimension(random, size => columns.Fits(size, plane.Stride.Width, ceil), columns.MaxInput);
        return new(LpPoolOp.Of(plane), FuzzDraws.Batched(random, 2, c, 1, height, width), FuzzDraws.Kind(random));
    }

    /// <summary>
    /// Unpooling in 1D, 2D or 3D of a max pooling of a random source (per axis kernel 1..4, stride
    /// 1..3 or the kernel, padding up to half the kernel): the default output size where it is the
    /// source's, else the source's size given explicitly (always within PyTorch's range); one in
    /// four with duplicates.
    /// </summary>
    private static PoolCase Unpool(Random random)
    {
        int rank = 1 + random.Next(3);
        var (d, h, w) = (Unit, Unit, WindowAxis.DrawSmall(random, false, dilated: false));
        if (rank > 1)
        {
            h = WindowAxis.DrawSmall(random, false, dilated: false);
        }

        if (rank > 2)
        {
            d = WindowAxis.DrawSmall(random, false, dilated: false);
        }

        if (random.Next(4) == 0)
        {
            (d, h, w) = (d with { Stride = d.Kernel }, h with { Stride = h.Kernel }, w with { Stride = w.Kernel });
        }

        long c = FuzzDraws.Channels(random, 3);
        int maxSize = rank == 3 ? 7 : 12;
        long Size(WindowAxis axis) => axis == Unit ? 1 : FuzzDraws.Dimension(random, size => axis.Fits(size, axis.Stride, false), maxSize);
        var (depth, height, width) = (Size(d), Size(h), Size(w));
        var source = FuzzDraws.Batched(random, rank, c, depth, height, width);
        bool duplicates = random.Next(4) == 0;
        UnpoolOp Op(bool explicitSize) => rank switch
        {
            1 => UnpoolOp.Of(source, new MaxUnpool1dOptions(w.Kernel) { Stride = w.Stride, Padding = w.Padding, OutputSize = explicitSize ? (int)width : null }, duplicates),
            2 => UnpoolOp.Of(
                source,
                new MaxUnpool2dOptions((h.Kernel, w.Kernel)) { Stride = (h.Stride, w.Stride), Padding = (h.Padding, w.Padding), OutputSize = explicitSize ? ((int)height, (int)width) : null },
                duplicates),
            _ => UnpoolOp.Of(
                source,
                new MaxUnpool3dOptions((d.Kernel, h.Kernel, w.Kernel))
                {
                    Stride = (d.Stride, h.Stride, w.Stride), Padding = (d.Padding, h.Padding, w.Padding), OutputSize = explicitSize ? ((int)depth, (int)height, (int)width) : null,
                },
                duplicates),
        };

        var op = Op(explicitSize: false);
        if (op.OutputShape(op.Pooled) != source || random.Next(2) == 0)
        {
            op = Op(explicitSize: true);
        }

        return new(op, op.Pooled, FuzzDraws.Kind(random));
    }

    /// <summary>The axis of a dim the rank lacks.</summary>
    private static WindowAxis Unit => new(1, 1, 0, 1);

    /// <summary>An axis without padding (lp_pool has none).</summary>
    private static WindowAxis Unpadded(WindowAxis axis) => axis with { Padding = 0 };

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

    /// <summary>N in 0..3 (0 rarely) or rank 3; C in 1..4; H and W fitting the op, 1 often.</summary>
    private static TensorShape Plane(Random random, Func<long, bool> fitsH, Func<long, bool> fitsW, int maxH, int maxW)
    {
        long c = FuzzDraws.Channels(random);
        long h = FuzzDraws.Dimension(random, fitsH, maxH), w = FuzzDraws.Dimension(random, fitsW, maxW);
        return FuzzDraws.Batched(random, 2, c, 1, h, w);
    }
}
