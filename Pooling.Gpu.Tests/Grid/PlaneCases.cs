namespace Pooling.Gpu.Tests;

/// <summary>
/// The grid's part of the 2D window ops (max_pool2d, avg_pool2d, adaptive and global pooling):
/// kernel 1..4, stride 1..3, padding 0..k/2, dilation 1..2, ceil mode both ways,
/// count_include_pad both ways, divisor overrides, adaptive sizes that do not divide, and the
/// shape edges (N = 0, N = 1, C = 1, H or W = 1, rank 3, non-square, odd sizes). Shapes and data
/// kinds rotate through the grid so that every kind meets many options.
/// </summary>
public static class PlaneCases
{
    private static readonly TensorShape[] WindowShapes =
    [
        new(2, 3, 7, 9), new(1, 2, 8, 5), new(3, 1, 6, 11), new(1, 1, 9, 7), new(2, 2, 5, 5), new(3, 10, 6),
    ];

    private static readonly DataKind[] Kinds = Enum.GetValues<DataKind>();

    public static IEnumerable<PoolCase> All => MaxPool.Concat(AvgPool).Concat(Adaptive).Concat(Global).Concat(ColumnPairs);

    /// <summary>
    /// Windows at stride 2 along W over a W that is a multiple of 4, VGG's and ResNet's stem's patterns: two columns at stride 2 from column 0 (max, average and
    /// adaptive) and three at stride 2 with padding 1 (max and average, ResNet's stem); any rows
    /// (kernel, stride, padding, dilation, ceil mode), N = 1, C = 1, H = 1, rank 3.
    /// </summary>
    private static IEnumerable<PoolCase> ColumnPairs
    {
        get
        {
            TensorShape[] shapes = [new(2, 3, 6, 8), new(1, 1, 5, 4), new(3, 2, 7, 12), new(1, 2, 1, 16), new(3, 5, 8)];
            MaxPool2dOptions[] max =
            [
                new(2), new((3, 2)) { Stride = 2, Padding = (1, 0) }, new((1, 2)) { Stride = (1, 2) },
                new((2, 2)) { Stride = (3, 2), Padding = (1, 0), CeilMode = true }, new((2, 2)) { Stride = (1, 2), Dilation = (2, 1) },
            ];
            AvgPool2dOptions[] avg =
            [
                new(2), new((3, 2)) { Stride = (1, 2), Padding = (1, 0), CountIncludePad = false },
                new((3, 2)) { Stride = 2, Padding = (1, 0), CeilMode = true }, new((1, 2)) { Stride = (1, 2), DivisorOverride = 3 },
                new((2, 2)) { Stride = (3, 2), CeilMode = true, CountIncludePad = false },
            ];
            (TensorShape Input, Size2 Output)[] adaptive = [(new(2, 3, 7, 8), (3, 4)), (new(1, 2, 6, 12), 6), (new(1, 1, 1, 4), (1, 2)), (new(3, 5, 8), (2, 4))];
            MaxPool2dOptions[] overlappingMax =
            [
                new(3) { Stride = 2, Padding = 1 }, new((1, 3)) { Stride = (1, 2), Padding = (0, 1) },
                new((3, 3)) { Stride = 2, Padding = 1, Dilation = (2, 1) },
            ];
            AvgPool2dOptions[] overlappingAvg =
            [
                new(3) { Stride = 2, Padding = 1 }, new(3) { Stride = 2, Padding = 1, CountIncludePad = false },
                new((1, 3)) { Stride = (1, 2), Padding = (0, 1), DivisorOverride = 2 },
            ];
            for (int i = 0; i < overlappingMax.Length; i++)
            {
                yield return new PoolCase(MaxPoolOp.Of(overlappingMax[i]), shapes[i], Kinds[(i + 3) % Kinds.Length]);
                yield return new PoolCase(MaxPoolOp.Of(overlappingMax[i]), shapes[i + 2], Kinds[i % Kinds.Length]);
                yield return new PoolCase(AvgPoolOp.Of(overlappingAvg[i]), shapes[i + 1], Kinds[(i + 1) % Kinds.Length]);
            }

            for (int i = 0; i < max.Length; i++)
            {
                yield return new PoolCase(MaxPoolOp.Of(max[i]), shapes[i], Kinds[i % Kinds.Length]);
                yield return new PoolCase(MaxPoolOp.Of(max[i]), shapes[(i + 2) % shapes.Length], Kinds[(i + 1) % Kinds.Length]);
                yield return new PoolCase(AvgPoolOp.Of(avg[i]), shapes[(i + 1) % shapes.Length], Kinds[(i + 2) % Kinds.Length]);
            }

            foreach (var (input, output) in adaptive)
            {
                foreach (bool adaptiveMax in new[] { true, false })
                {
                    foreach (var kind in Kinds)
                    {
                        yield return new PoolCase(AdaptiveOp.Of2d(adaptiveMax, output), input, kind);
                    }
                }
            }
        }
    }

    private static IEnumerable<PoolCase> MaxPool
    {
        get
        {
            int n = 0;
            foreach (var (k, s, p) in KernelStridePadding())
            {
                foreach (int d in new[] { 1, 2 })
                {
                    foreach (bool ceil in new[] { false, true })
                    {
                        var options = new MaxPool2dOptions(k) { Stride = s, Padding = p, Dilation = d, CeilMode = ceil };
                        if (Fits(WindowShapes[n % WindowShapes.Length], k, s, p, d, ceil) is { } shape)
                        {
                            yield return new PoolCase(MaxPoolOp.Of(options), shape, Kinds[n % Kinds.Length]);
                        }

                        n++;
                    }
                }
            }

            foreach (var (shape, options) in MaxPoolEdges)
            {
                foreach (var kind in Kinds)
                {
                    yield return new PoolCase(MaxPoolOp.Of(options), shape, kind);
                }
            }
        }
    }

    private static IEnumerable<PoolCase> AvgPool
    {
        get
        {
            int n = 0;
            foreach (var (k, s, p) in KernelStridePadding())
            {
                foreach (bool ceil in new[] { false, true })
                {
                    foreach (bool includePad in new[] { true, false })
                    {
                        int? divisor = (n % 5) switch { 0 => 3, 3 => -2, _ => null };
                        var options = new AvgPool2dOptions(k) { Stride = s, Padding = p, CeilMode = ceil, CountIncludePad = includePad, DivisorOverride = divisor };
                        if (Fits(WindowShapes[n % WindowShapes.Length], k, s, p, 1, ceil) is { } shape)
                        {
                            yield return new PoolCase(AvgPoolOp.Of(options), shape, Kinds[n % Kinds.Length]);
                        }

                        n++;
                    }
                }
            }

            foreach (var (shape, options) in AvgPoolEdges)
            {
                foreach (var kind in Kinds)
                {
                    yield return new PoolCase(AvgPoolOp.Of(options), shape, kind);
                }
            }
        }
    }

    private static IEnumerable<PoolCase> Adaptive =>
        from size in AdaptiveSizes
        from max in new[] { true, false }
        from kind in Kinds
        select new PoolCase(AdaptiveOp.Of2d(max, size.Output), size.Input, kind);

    private static IEnumerable<PoolCase> Global =>
        from shape in new TensorShape[]
        {
            new(2, 3, 7, 7), new(1, 1, 1, 1), new(3, 2, 1, 9), new(2, 5, 16, 16), new(1, 1, 33, 31), new(1, 2, 64, 64),
            new(0, 4, 7, 7), new(4, 5, 3),
        }
        from max in new[] { true, false }
        from kind in Kinds
        select new PoolCase(new GlobalOp(max), shape, kind);

    /// <summary>
    /// Shape edges, and the ceil-mode edge: H = 5, k = 2, s = 2, p = 1 makes the formula give 4
    /// windows, and the last would start in the right padding, so ceil mode keeps 3.
    /// </summary>
    private static IEnumerable<(TensorShape, MaxPool2dOptions)> MaxPoolEdges =>
    [
        (new(2, 3, 5, 5), new MaxPool2dOptions(2) { Padding = 1, CeilMode = true }),
        (new(0, 3, 6, 6), new MaxPool2dOptions(2)),
        (new(1, 1, 1, 8), new MaxPool2dOptions((1, 3)) { Stride = (1, 2), Padding = (0, 1) }),
        (new(2, 2, 8, 1), new MaxPool2dOptions((2, 1)) { Stride = 1, CeilMode = true }),
        (new(3, 7, 7), new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }),
        (new(1, 4, 6, 10), new MaxPool2dOptions((3, 2)) { Stride = (2, 1), Padding = (1, 0), Dilation = (1, 2) }),
        (new(1, 1, 1, 1), new MaxPool2dOptions(1)),
        (new(2, 2, 2, 2), new MaxPool2dOptions(2) { Stride = 1, Padding = 1, Dilation = 3 }),
    ];

    private static IEnumerable<(TensorShape, AvgPool2dOptions)> AvgPoolEdges =>
    [
        (new(2, 3, 5, 5), new AvgPool2dOptions(2) { Padding = 1, CeilMode = true }),
        (new(2, 3, 5, 5), new AvgPool2dOptions(2) { Padding = 1, CeilMode = true, CountIncludePad = false }),
        (new(0, 3, 6, 6), new AvgPool2dOptions(2)),
        (new(1, 1, 1, 8), new AvgPool2dOptions((1, 3)) { Stride = (1, 2), Padding = (0, 1), CountIncludePad = false }),
        (new(2, 2, 8, 1), new AvgPool2dOptions((2, 1)) { Stride = 1, CeilMode = true }),
        (new(3, 7, 7), new AvgPool2dOptions(3) { Stride = 2, Padding = 1, DivisorOverride = 7 }),
        (new(1, 4, 6, 10), new AvgPool2dOptions((3, 2)) { Stride = (2, 1), Padding = (1, 0) }),
    ];

    /// <summary>Sizes that divide and do not, up-sampling ones, 1, N = 0, unbatched; null (PyTorch's None) keeping H, W or both.</summary>
    private static IEnumerable<(TensorShape Input, AdaptiveSize2 Output)> AdaptiveSizes =>
    [
        (new(2, 3, 15, 15), 7), (new(1, 2, 5, 5), 3), (new(2, 1, 1, 1), 4), (new(1, 3, 7, 7), 1),
        (new(1, 2, 8, 8), 8), (new(2, 2, 6, 9), (4, 5)), (new(1, 2, 15, 5), (7, 3)), (new(1, 1, 1, 7), (4, 1)),
        (new(0, 3, 5, 5), 2), (new(4, 10, 3), (3, 4)),
        (new(2, 3, 6, 9), (null, 4)), (new(1, 2, 5, 7), (3, null)), (new(3, 5, 4), (null, null)),
    ];

    private static IEnumerable<(int K, int S, int P)> KernelStridePadding() =>
        from k in Enumerable.Range(1, 4)
        from s in Enumerable.Range(1, 3)
        from p in Enumerable.Range(0, k / 2 + 1)
        select (k, s, p);

    /// <summary>The shape, grown until the options give at least one output window (as a user would).</summary>
    private static TensorShape? Fits(TensorShape shape, int k, int s, int p, int d, bool ceil)
    {
        for (long grow = 0; grow < 8; grow++)
        {
            long h = shape.H + grow, w = shape.W + grow;
            if (ReferencePooling.OutputSize(h, k, s, p, d, ceil) >= 1 && ReferencePooling.OutputSize(w, k, s, p, d, ceil) >= 1)
            {
                return shape.WithSpatial(h, w);
            }
        }

        return null;
    }
}
