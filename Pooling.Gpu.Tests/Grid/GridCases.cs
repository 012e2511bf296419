namespace Pooling.Gpu.Tests;

/// <summary>
/// The case grid of every op. The 2D window ops' part is <see cref="PlaneCases"/>; the others,
/// built alike: kernel 1..4, stride 1..3, padding 0..k/2, dilation 1..2 and ceil mode both ways
/// per axis (in 3D the axes take different values, so windows are not cubic), count_include_pad
/// both ways, divisor overrides, adaptive sizes that do not divide and windows over 256
/// positions, power-average exponents 1, 1.5, 2 and 3 in 1D, 2D and 3D, unpooling in 1D, 2D and
/// 3D with default and explicit output sizes and duplicate indices, fractional max pooling's seeded
/// windows; and the shape edges: N = 0,
/// N = 1, C = 1, a spatial size of 1, unbatched shapes. Every case runs in float32
/// channels-first; each of the others again in one other element type and layout, and every
/// fourth 2D case in two (rotating through all seven), so every op meets every type and both layouts.
/// </summary>
public static class GridCases
{
    private static readonly DataKind[] Kinds = Enum.GetValues<DataKind>();

    private static readonly (ElementType, TensorLayout)[] Variants =
    [
        (ElementType.Float32, TensorLayout.ChannelsLast),
        (ElementType.Float64, TensorLayout.ChannelsFirst),
        (ElementType.Float64, TensorLayout.ChannelsLast),
        (ElementType.Float16, TensorLayout.ChannelsFirst),
        (ElementType.Float16, TensorLayout.ChannelsLast),
        (ElementType.BFloat16, TensorLayout.ChannelsFirst),
        (ElementType.BFloat16, TensorLayout.ChannelsLast),
    ];

    private static readonly TensorShape[] Lines =
    [
        TensorShape.Of1d(2, 3, 9), TensorShape.Of1d(1, 2, 8), TensorShape.Of1d(3, 1, 11), TensorShape.Unbatched1d(3, 10), TensorShape.Of1d(1, 1, 7),
        TensorShape.Of1d(2, 2, 5),
    ];

    private static readonly TensorShape[] Volumes =
    [
        TensorShape.Of3d(2, 2, 5, 6, 7), TensorShape.Of3d(1, 3, 4, 5, 4), TensorShape.Unbatched3d(2, 5, 4, 6), TensorShape.Of3d(1, 1, 6, 3, 5),
        TensorShape.Of3d(2, 1, 3, 7, 4),
    ];

    private static readonly TensorShape[] Planes = [new(2, 3, 7, 9), new(1, 2, 8, 5), new(3, 10, 6), new(1, 1, 9, 7)];

    /// <summary>Kernel 1..4, stride 1..3, padding 0..k/2: the triples every axis draws from.</summary>
    private static readonly (int K, int S, int P)[] Triples =
        [.. from k in Enumerable.Range(1, 4) from s in Enumerable.Range(1, 3) from p in Enumerable.Range(0, k / 2 + 1) select (k, s, p)];

    /// <summary>The float32 channels-first cases of the ops other than the 2D window ops (after the fields they are made from: static fields initialise in order).</summary>
    private static readonly PoolCase[] Others =
        [.. MaxPool1d(), .. MaxPool3d(), .. AvgPool1d(), .. AvgPool3d(), .. Adaptive(), .. LpPool(), .. Unpool(), .. ColumnPairs, .. Fractional()];

    /// <summary>The float32 channels-first cases.</summary>
    public static IReadOnlyList<PoolCase> Base { get; } = [.. PlaneCases.All, .. Others];

    /// <summary>Every fourth 2D window case in two other element types and layouts, each other case in one.</summary>
    public static IReadOnlyList<PoolCase> Variant { get; } = [.. InVariants(PlaneCases.All.Where((_, i) => i % 4 == 0), 0, 3), .. InVariants(Others, 0)];

    public static IEnumerable<PoolCase> All => Base.Concat(Variant);

    /// <summary>
    /// 1D and 3D windows at stride 2 along W (the last axis), over a W that is a multiple of 4: two columns at stride 2 (tiled),
    /// three at stride 2 with padding 1 (overlapping, as ResNet's stem), an adaptive W halved;
    /// max (ties, so that windows share their maximum) and average, any other axes.
    /// </summary>
    private static IEnumerable<PoolCase> ColumnPairs =>
    [
        new(MaxPoolOp.Of(new MaxPool1dOptions(2)), TensorShape.Of1d(2, 3, 8), DataKind.Ties),
        new(MaxPoolOp.Of(new MaxPool1dOptions(3) { Stride = 2, Padding = 1 }), TensorShape.Of1d(1, 2, 12), DataKind.Ties),
        new(MaxPoolOp.Of(new MaxPool1dOptions(3) { Stride = 2, Padding = 1 }), TensorShape.Unbatched1d(3, 8), DataKind.Special),
        new(AvgPoolOp.Of(new AvgPool1dOptions(3) { Stride = 2, Padding = 1, CountIncludePad = false }), TensorShape.Of1d(2, 2, 16), DataKind.Random),
        new(AvgPoolOp.Of(new AvgPool1dOptions(2)), TensorShape.Unbatched1d(3, 8), DataKind.Negative),
        new(MaxPoolOp.Of(new MaxPool3dOptions((2, 3, 3)) { Stride = 2, Padding = (0, 1, 1) }), TensorShape.Of3d(1, 2, 4, 5, 8), DataKind.Ties),
        new(MaxPoolOp.Of(new MaxPool3dOptions(2)), TensorShape.Of3d(2, 1, 4, 4, 8), DataKind.Ties),
        new(AvgPoolOp.Of(new AvgPool3dOptions(3) { Stride = 2, Padding = 1 }), TensorShape.Of3d(1, 2, 5, 5, 8), DataKind.Special),
        new(AvgPoolOp.Of(new AvgPool3dOptions((1, 2, 2)) { Stride = (1, 2, 2), CeilMode = true }), TensorShape.Of3d(1, 3, 2, 5, 4), DataKind.Ties),
        new(AdaptiveOp.Of1d(true, 4), TensorShape.Of1d(2, 2, 8), DataKind.Ties),
        new(AdaptiveOp.Of3d(false, (2, 3, 6)), TensorShape.Of3d(1, 2, 3, 5, 12), DataKind.Random),
        new(AdaptiveOp.Of3d(true, (3, 2, 2)), TensorShape.Of3d(1, 1, 4, 4, 4), DataKind.Ties),
    ];

    /// <summary>Case i in the variants <paramref name="offsets"/> after the i-th of the rotation.</summary>
    private static IEnumerable<PoolCase> InVariants(IEnumerable<PoolCase> cases, params int[] offsets) =>
        cases.SelectMany((c, i) => offsets.Select(o => Variants[(i + o) % Variants.Length]).Select(v => c with { Element = v.Item1, Layout = v.Item2 }));

    private static IEnumerable<PoolCase> MaxPool1d()
    {
        int n = 0;
        foreach (var (k, s, p) in Triples)
        {
            foreach (bool ceil in new[] { false, true })
            {
                var options = new MaxPool1dOptions(k) { Stride = s, Padding = p, Dilation = 1 + n / 2 % 2, CeilMode = ceil };
                yield return new(MaxPoolOp.Of(options), Fit(Lines[n % Lines.Length], options.Axes), Kinds[n % Kinds.Length]);
                n++;
            }
        }

        // N = 0; L = 1; the ceil-mode edge (the last window would start in the right padding);
        // a window all in padding (L = 2, k 2, d 3, p 1); padding past half the kernel but within
        // half the effective kernel (the current rule).
        foreach (var (shape, options) in new (TensorShape, MaxPool1dOptions)[]
        {
            (TensorShape.Of1d(0, 3, 6), new(2)),
            (TensorShape.Of1d(2, 2, 1), new(1)),
            (TensorShape.Of1d(2, 3, 5), new(2) { Padding = 1, CeilMode = true }),
            (TensorShape.Of1d(1, 2, 2), new(2) { Dilation = 3, Padding = 1, Stride = 1 }),
            (TensorShape.Of1d(2, 2, 9), new(3) { Dilation = 2, Padding = 2, Stride = 1 }),
        })
        {
            foreach (var kind in Kinds)
            {
                yield return new(MaxPoolOp.Of(options), shape, kind);
            }
        }
    }

    private static IEnumerable<PoolCase> MaxPool3d()
    {
        for (int i = 0; i < Triples.Length; i++)
        {
            var (d, h, w) = (Triples[i], Triples[(i + 5) % Triples.Length], Triples[(i + 11) % Triples.Length]);
            var options = new MaxPool3dOptions((d.K, h.K, w.K))
            {
                Stride = (d.S, h.S, w.S), Padding = (d.P, h.P, w.P), Dilation = (1 + i % 2, 1 + i / 2 % 2, 1), CeilMode = i % 3 == 0,
            };
            yield return new(MaxPoolOp.Of(options), Fit(Volumes[i % Volumes.Length], options.Axes), Kinds[i % Kinds.Length]);
        }

        // The common 2x2x2/2; N = 0; D = 1; a window all in padding along D.
        foreach (var (shape, options) in new (TensorShape, MaxPool3dOptions)[]
        {
            (TensorShape.Of3d(2, 3, 4, 6, 6), new(2)),
            (TensorShape.Of3d(0, 2, 4, 4, 4), new(2)),
            (TensorShape.Of3d(1, 2, 1, 6, 5), new((1, 3, 2)) { Stride = (1, 2, 1), Padding = (0, 1, 1) }),
            (TensorShape.Of3d(1, 1, 2, 4, 4), new((2, 2, 2)) { Dilation = (3, 1, 1), Padding = (1, 0, 0), Stride = 1 }),
        })
        {
            yield return new(MaxPoolOp.Of(options), shape, DataKind.Special);
            yield return new(MaxPoolOp.Of(options), shape, DataKind.Negative);
        }
    }

    private static IEnumerable<PoolCase> AvgPool1d()
    {
        int n = 0;
        foreach (var (k, s, p) in Triples)
        {
            foreach (bool ceil in new[] { false, true })
            {
                var options = new AvgPool1dOptions(k) { Stride = s, Padding = p, CeilMode = ceil, CountIncludePad = n / 2 % 2 == 0 };
                yield return new(AvgPoolOp.Of(options), Fit(Lines[n % Lines.Length], options.Axes), Kinds[n % Kinds.Length]);
                n++;
            }
        }

        foreach (var (shape, options) in new (TensorShape, AvgPool1dOptions)[]
        {
            (TensorShape.Of1d(0, 3, 6), new(2)),
            (TensorShape.Of1d(2, 2, 1), new(1)),
            (TensorShape.Of1d(2, 3, 5), new(2) { Padding = 1, CeilMode = true }),
            (TensorShape.Of1d(2, 3, 5), new(2) { Padding = 1, CeilMode = true, CountIncludePad = false }),
        })
        {
            yield return new(AvgPoolOp.Of(options), shape, DataKind.Random);
            yield return new(AvgPoolOp.Of(options), shape, DataKind.Special);
        }
    }

    private static IEnumerable<PoolCase> AvgPool3d()
    {
        for (int i = 0; i < Triples.Length; i++)
        {
            var (d, h, w) = (Triples[(i + 3) % Triples.Length], Triples[i], Triples[(i + 17) % Triples.Length]);
            var options = new AvgPool3dOptions((d.K, h.K, w.K))
            {
                Stride = (d.S, h.S, w.S), Padding = (d.P, h.P, w.P), CeilMode = i % 3 == 1, CountIncludePad = i % 2 == 0,
                DivisorOverride = (i % 5) switch { 0 => 3, 3 => -2, _ => null },
            };
            yield return new(AvgPoolOp.Of(options), Fit(Volumes[i % Volumes.Length], options.Axes, atLeastKernel: true), Kinds[i % Kinds.Length]);
        }

        foreach (var (shape, options) in new (TensorShape, AvgPool3dOptions)[]
        {
            (TensorShape.Of3d(2, 3, 4, 6, 6), new(2)),
            (TensorShape.Of3d(0, 2, 4, 4, 4), new(2)),
            (TensorShape.Unbatched3d(2, 1, 5, 5), new((1, 3, 3)) { Stride = (1, 2, 2), Padding = (0, 1, 1), CountIncludePad = false }),
        })
        {
            yield return new(AvgPoolOp.Of(options), shape, DataKind.Random);
            yield return new(AvgPoolOp.Of(options), shape, DataKind.Special);
        }
    }

    /// <summary>
    /// Adaptive sizes that divide and do not, up-sampling ones, 1, windows of more than 256 positions
    /// (4-byte compact indices), and in 3D null sizes (PyTorch's None) that keep the input's.
    /// </summary>
    private static IEnumerable<PoolCase> Adaptive()
    {
        var lines = new (TensorShape Input, int Output)[]
        {
            (TensorShape.Of1d(2, 3, 15), 7), (TensorShape.Of1d(1, 2, 5), 3), (TensorShape.Of1d(2, 1, 1), 4), (TensorShape.Of1d(1, 3, 7), 1),
            (TensorShape.Of1d(1, 2, 8), 8), (TensorShape.Unbatched1d(4, 10), 3), (TensorShape.Of1d(0, 3, 5), 2), (TensorShape.Of1d(1, 2, 300), 1),
        };
        var volumes = new (TensorShape Input, AdaptiveSize3 Output)[]
        {
            (TensorShape.Of3d(2, 2, 6, 6, 6), 3), (TensorShape.Of3d(1, 2, 5, 7, 4), (2, 3, 3)), (TensorShape.Of3d(1, 1, 1, 1, 1), 2),
            (TensorShape.Of3d(1, 2, 3, 4, 5), 1), (TensorShape.Unbatched3d(2, 4, 5, 3), (4, 2, 3)), (TensorShape.Of3d(0, 2, 3, 3, 3), 2),
            (TensorShape.Of3d(1, 1, 7, 7, 7), 1), (TensorShape.Of3d(1, 2, 4, 5, 6), (null, 2, null)), (TensorShape.Unbatched3d(2, 3, 4, 5), (2, null, 3)),
        };
        int n = 0;
        foreach (bool max in new[] { true, false })
        {
            foreach (var (input, output) in lines)
            {
                yield return new(AdaptiveOp.Of1d(max, output), input, Kinds[n++ % Kinds.Length]);
            }

            foreach (var (input, output) in volumes)
            {
                yield return new(AdaptiveOp.Of3d(max, output), input, Kinds[n++ % Kinds.Length]);
            }
        }
    }

    /// <summary>Exponents 1, 1.5, 2, 3 over kernels 1..4 and strides 1..3 both ways of ceil mode, in 1D and 2D, and per axis in 3D; -1 and 0.5 at the edges.</summary>
    private static IEnumerable<PoolCase> LpPool()
    {
        double[] exponents = [2, 1, 3, 1.5];
        int n = 0;
        foreach (int k in Enumerable.Range(1, 4))
        {
            foreach (int s in Enumerable.Range(1, 3))
            {
                foreach (bool ceil in new[] { false, true })
                {
                    double p = exponents[n % exponents.Length];
                    var line = new LPPool1dOptions(p, k) { Stride = s, CeilMode = ceil };
                    yield return new(LpPoolOp.Of(line), Fit(Lines[n % Lines.Length], line.Axes), Kinds[n % Kinds.Length]);
                    var plane = new LPPool2dOptions(p, (k, 1 + (k + n) % 3)) { Stride = (s, 1 + n % 2), CeilMode = ceil };
                    yield return new(LpPoolOp.Of(plane), Fit(Planes[n % Planes.Length], plane.Axes), Kinds[(n + 1) % Kinds.Length]);
                    n++;
                }
            }
        }

        yield return new(LpPoolOp.Of(new LPPool1dOptions(-1, 2)), TensorShape.Of1d(2, 2, 6), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool1dOptions(0.5, 2)), TensorShape.Of1d(2, 2, 6), DataKind.Ties);
        yield return new(LpPoolOp.Of(new LPPool1dOptions(2, 3)), TensorShape.Of1d(0, 2, 5), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool2dOptions(2, 2)), new TensorShape(0, 2, 4, 4), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool2dOptions(2, (1, 3)) { Stride = (1, 2) }), new TensorShape(2, 1, 1, 7), DataKind.Ties);

        // Windows two columns wide at stride 2 over a W that is a multiple of 4 (column quads), with C a
        // multiple of 4 (channel quads, where a variant is channels-last).
        yield return new(LpPoolOp.Of(new LPPool2dOptions(2, 2)), new TensorShape(2, 4, 6, 8), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool2dOptions(3, (3, 2)) { Stride = (1, 2) }), new TensorShape(1, 8, 5, 12), DataKind.Ties);
        yield return new(LpPoolOp.Of(new LPPool1dOptions(1.5, 2)), TensorShape.Of1d(2, 4, 16), DataKind.Special);
        yield return new(LpPoolOp.Of(new LPPool2dOptions(1, 2) { CeilMode = true }), new TensorShape(1, 4, 3, 4), DataKind.Negative);
        yield return new(LpPoolOp.Of(new LPPool2dOptions(2, (2, 2)) { Stride = (3, 2) }), new TensorShape(3, 4, 8, 8), DataKind.Ties);

        // 3D: the axes draw different kernels and strides; the input at least the kernel (avg_pool3d's rule).
        for (int i = 0; i < 12; i++)
        {
            var (d, h, w) = (Triples[(i + 2) % Triples.Length], Triples[(i * 5) % Triples.Length], Triples[(i + 13) % Triples.Length]);
            var volume = new LPPool3dOptions(exponents[i % exponents.Length], (d.K, h.K, w.K)) { Stride = (d.S, h.S, w.S), CeilMode = i % 3 == 2 };
            yield return new(LpPoolOp.Of(volume), Fit(Volumes[i % Volumes.Length], volume.Axes, atLeastKernel: true), Kinds[i % Kinds.Length]);
        }

        yield return new(LpPoolOp.Of(new LPPool3dOptions(2, 2)), TensorShape.Of3d(0, 2, 4, 4, 4), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool3dOptions(-1, (1, 2, 2))), TensorShape.Of3d(1, 2, 1, 4, 5), DataKind.Random);
        yield return new(LpPoolOp.Of(new LPPool3dOptions(0.5, (2, 1, 2)) { Stride = (1, 1, 2), CeilMode = true }), TensorShape.Unbatched3d(1, 3, 2, 5), DataKind.Ties);
        yield return new(LpPoolOp.Of(new LPPool3dOptions(3, 2)), TensorShape.Of3d(2, 4, 4, 4, 8), DataKind.Special);
    }

    /// <summary>Unpooling of max poolings with and without overlap, default and explicit sizes, and duplicate indices, in 1D, 2D and 3D.</summary>
    private static IEnumerable<PoolCase> Unpool()
    {
        var ops = new[]
        {
            UnpoolOp.Of(new TensorShape(2, 3, 8, 8), new MaxUnpool2dOptions(2)),
            UnpoolOp.Of(new TensorShape(1, 2, 7, 7), new MaxUnpool2dOptions(2) { OutputSize = (7, 7) }),
            UnpoolOp.Of(new TensorShape(2, 2, 9, 9), new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 }),
            UnpoolOp.Of(new TensorShape(1, 3, 10, 9), new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1, OutputSize = (10, 9) }),
            UnpoolOp.Of(new TensorShape(3, 6, 6), new MaxUnpool2dOptions(2)),
            UnpoolOp.Of(new TensorShape(0, 2, 4, 4), new MaxUnpool2dOptions(2)),
            UnpoolOp.Of(new TensorShape(1, 1, 1, 6), new MaxUnpool2dOptions((1, 2))),
            UnpoolOp.Of(new TensorShape(2, 2, 6, 6), new MaxUnpool2dOptions(2), duplicates: true),
            UnpoolOp.Of(new TensorShape(1, 3, 5, 5), new MaxUnpool2dOptions(3) { Stride = 1, Padding = 1 }, duplicates: true),

            UnpoolOp.Of(TensorShape.Of1d(2, 3, 8), new MaxUnpool1dOptions(2)),
            UnpoolOp.Of(TensorShape.Of1d(1, 2, 9), new MaxUnpool1dOptions(2) { OutputSize = 9 }),
            UnpoolOp.Of(TensorShape.Of1d(2, 2, 11), new MaxUnpool1dOptions(3) { Stride = 2, Padding = 1, OutputSize = 11 }),
            UnpoolOp.Of(TensorShape.Unbatched1d(3, 10), new MaxUnpool1dOptions(3) { Stride = 1, Padding = 1 }),
            UnpoolOp.Of(TensorShape.Of1d(0, 2, 6), new MaxUnpool1dOptions(2)),
            UnpoolOp.Of(TensorShape.Of1d(1, 1, 1), new MaxUnpool1dOptions(1)),
            UnpoolOp.Of(TensorShape.Of1d(2, 2, 12), new MaxUnpool1dOptions(2), duplicates: true),

            UnpoolOp.Of(TensorShape.Of3d(2, 2, 4, 4, 6), new MaxUnpool3dOptions(2)),
            UnpoolOp.Of(TensorShape.Of3d(1, 2, 5, 7, 6), new MaxUnpool3dOptions((2, 3, 2)) { Stride = (2, 2, 1), Padding = (0, 1, 1), OutputSize = (5, 7, 6) }),
            UnpoolOp.Of(TensorShape.Unbatched3d(2, 3, 5, 4), new MaxUnpool3dOptions((1, 2, 2)) { OutputSize = (3, 5, 4) }),
            UnpoolOp.Of(TensorShape.Of3d(0, 2, 2, 2, 2), new MaxUnpool3dOptions(2)),
            UnpoolOp.Of(TensorShape.Of3d(1, 1, 1, 4, 4), new MaxUnpool3dOptions((1, 2, 2))),
            UnpoolOp.Of(TensorShape.Of3d(1, 2, 4, 4, 4), new MaxUnpool3dOptions(2) { Stride = 1 }, duplicates: true),
        };
        int n = 0;
        foreach (var op in ops)
        {
            yield return new(op, op.Pooled, Kinds[n++ % Kinds.Length]);
        }
    }

    /// <summary>
    /// Fractional max pooling over windows drawn from a seed: sizes and ratios, kernels 1 to 4 per
    /// axis, windows that overlap (kernel past the spacing) and that do not, the most outputs that
    /// fit (every window one apart), one output (the last window only), kernel 1; N = 0, unbatched,
    /// C = 1, H = 1, D = 2 (3D needs output + kernel - 1 below the input), windows of more than 256
    /// positions (4-byte compact indices).
    /// </summary>
    private static IEnumerable<PoolCase> Fractional()
    {
        var planes = new (TensorShape Input, FractionalMaxPool2dOptions Options)[]
        {
            (new(2, 3, 9, 11), new((2, 3)) { OutputSize = (5, 4), Seed = 1 }),
            (new(1, 2, 10, 10), new(2) { OutputRatio = 0.5, Seed = 2 }),
            (new(3, 7, 8), new(3) { OutputRatio = (0.7, 0.4), Seed = 3 }),
            (new(2, 1, 12, 5), new((4, 1)) { OutputSize = (9, 5), Seed = 4 }),
            (new(1, 2, 1, 9), new((1, 2)) { OutputSize = (1, 3), Seed = 5 }),
            (new(2, 2, 6, 6), new(2) { OutputSize = 1, Seed = 6 }),
            (new(0, 3, 7, 7), new(2) { OutputSize = 3, Seed = 7 }),
            (new(1, 1, 20, 20), new((17, 16)) { OutputSize = (3, 4), Seed = 8 }),
            (new(2, 3, 16, 16), new(3) { OutputSize = 7, Seed = 9 }),
            (new(4, 2, 5, 5), new(1) { OutputSize = 5, Seed = 10 }),
        };
        var volumes = new (TensorShape Input, FractionalMaxPool3dOptions Options)[]
        {
            (TensorShape.Of3d(2, 2, 5, 6, 7), new((2, 3, 2)) { OutputSize = (3, 3, 4), Seed = 11 }),
            (TensorShape.Of3d(1, 3, 8, 8, 8), new(2) { OutputRatio = 0.5, Seed = 12 }),
            (TensorShape.Unbatched3d(2, 6, 5, 7), new((1, 2, 3)) { OutputRatio = (0.6, 0.5, 0.6), Seed = 13 }),
            (TensorShape.Of3d(0, 2, 4, 4, 4), new(2) { OutputSize = 2, Seed = 14 }),
            (TensorShape.Of3d(2, 1, 2, 3, 9), new((1, 2, 3)) { OutputSize = (1, 1, 6), Seed = 15 }),
            (TensorShape.Of3d(1, 2, 7, 7, 7), new(3) { OutputSize = (4, 2, 1), Seed = 16 }),
        };
        var ops = planes.Select(p => (FractionalOp.Of(p.Options, p.Input), p.Input)).Concat(volumes.Select(v => (FractionalOp.Of(v.Options, v.Input), v.Input)));
        int n = 0;
        foreach (var (op, input) in ops)
        {
            yield return new(op, input, Kinds[n++ % Kinds.Length]);
            yield return new(op, input, Kinds[n++ % Kinds.Length]);
        }
    }

    /// <summary>The shape, grown along each pooled axis until it has at least one window there (and, for avg_pool3d, is at least the kernel).</summary>
    private static TensorShape Fit(TensorShape shape, (AxisSpec D, AxisSpec H, AxisSpec W) axes, bool atLeastKernel = false)
    {
        long Grow(long size, AxisSpec a)
        {
            while (ReferencePooling.OutputSize(size, a.Kernel, a.Stride, a.Padding, a.Dilation, false) < 1 || (atLeastKernel && size < a.Kernel))
            {
                size++;
            }

            return size;
        }

        return shape.WithSpatial(Grow(shape.D, axes.D), Grow(shape.H, axes.H), Grow(shape.W, axes.W));
    }
}
