namespace Pooling.Gpu;

/// <summary>
/// The logical shape of a tensor for pooling, with 64-bit sizes: batch N, channels C and one to
/// three spatial dims (L; H, W; or D, H, W), and the memory layout. An unbatched shape
/// ((C, L), (C, H, W) or (C, D, H, W)) is one sample: ops treat it as N = 1 and keep its rank,
/// as PyTorch does. Unused spatial dims are 1 (D for 1D and 2D, H for 1D).
/// </summary>
public readonly record struct TensorShape
{
    /// <summary>A 2D batched shape (N, C, H, W).</summary>
    /// <param name="n">Batch size; may be 0.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the sizes hold more than long.MaxValue elements.</exception>
    public TensorShape(long n, long c, long h, long w)
        : this(2, true, n, c, 1, h, w)
    {
    }

    /// <summary>A 2D unbatched shape (C, H, W): one sample, treated as N = 1.</summary>
    /// <param name="c">Channels.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the sizes hold more than long.MaxValue elements.</exception>
    public TensorShape(long c, long h, long w)
        : this(2, false, 1, c, 1, h, w)
    {
    }

    private TensorShape(int spatialRank, bool batched, long n, long c, long d, long h, long w, TensorLayout layout = TensorLayout.ChannelsFirst)
    {
        CheckSize("n", n);
        CheckSize("c", c);
        CheckSize("d", d);
        CheckSize("h", h);
        CheckSize("w", w);

        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, $"Unknown layout {layout}.");
        }

        SpatialRank = spatialRank;
        Rank = spatialRank + (batched ? 2 : 1);
        N = n;
        C = c;
        D = d;
        H = h;
        W = w;
        Layout = layout;

        // Lengths and offsets are longs: a count that wrapped would size a buffer smaller than the
        // kernels index. Every sub-product (the plane, N*C) divides the product of the non-zero sizes.
        // Ops make shapes on every call: the checks allocate nothing unless they throw.
        long product = 1;
        var overflow = Overflow(ref product, "w", w) ?? Overflow(ref product, "h", h) ?? Overflow(ref product, "d", d)
            ?? Overflow(ref product, "c", c) ?? Overflow(ref product, "n", n);
        if (overflow is (string name, long value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Tensor sizes [{string.Join(", ", Sizes())}] hold more than {long.MaxValue} elements.");
        }
    }

    /// <summary>Number of dims as given: 3 or 4 for 2D, 2 or 3 for 1D, 4 or 5 for 3D.</summary>
    public int Rank { get; }

    /// <summary>Spatial dims: 1 (L), 2 (H, W) or 3 (D, H, W).</summary>
    public int SpatialRank { get; }

    /// <summary>True when the shape has a batch dim (N given).</summary>
    public bool IsBatched => Rank == SpatialRank + 2;

    /// <summary>Batch size (1 for an unbatched shape).</summary>
    public long N { get; }

    /// <summary>Channels.</summary>
    public long C { get; }

    /// <summary>Depth (1 unless 3D).</summary>
    public long D { get; }

    /// <summary>Height (1 in 1D).</summary>
    public long H { get; }

    /// <summary>Width; the length L in 1D.</summary>
    public long W { get; }

    /// <summary>The memory layout.</summary>
    public TensorLayout Layout { get; }

    /// <summary>Number of (n, c) planes: N * C.</summary>
    public long Planes => N * C;

    /// <summary>Elements in one plane: D * H * W.</summary>
    public long PlaneLength => D * H * W;

    /// <summary>Total number of elements.</summary>
    public long Length => N * C * D * H * W;

    /// <summary>A 1D batched shape (N, C, L).</summary>
    /// <param name="n">Batch size; may be 0.</param>
    /// <param name="c">Channels.</param>
    /// <param name="l">Length.</param>
    /// <returns>The shape.</returns>
    public static TensorShape Of1d(long n, long c, long l) => new(1, true, n, c, 1, 1, l);

    /// <summary>A 1D unbatched shape (C, L).</summary>
    /// <param name="c">Channels.</param>
    /// <param name="l">Length.</param>
    /// <returns>The shape.</returns>
    public static TensorShape Unbatched1d(long c, long l) => new(1, false, 1, c, 1, 1, l);

    /// <summary>A 3D batched shape (N, C, D, H, W).</summary>
    /// <param name="n">Batch size; may be 0.</param>
    /// <param name="c">Channels.</param>
    /// <param name="d">Depth.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <returns>The shape.</returns>
    public static TensorShape Of3d(long n, long c, long d, long h, long w) => new(3, true, n, c, d, h, w);

    /// <summary>A 3D unbatched shape (C, D, H, W).</summary>
    /// <param name="c">Channels.</param>
    /// <param name="d">Depth.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <returns>The shape.</returns>
    public static TensorShape Unbatched3d(long c, long d, long h, long w) => new(3, false, 1, c, d, h, w);

    /// <summary>The same shape in another memory layout.</summary>
    /// <param name="layout">The layout.</param>
    /// <returns>The shape with <paramref name="layout"/>.</returns>
    public TensorShape WithLayout(TensorLayout layout) => new(SpatialRank, IsBatched, N, C, D, H, W, layout);

    /// <summary>The same N, C, rank and layout with other spatial sizes.</summary>
    /// <param name="d">The new depth (1 unless 3D).</param>
    /// <param name="h">The new height (1 in 1D).</param>
    /// <param name="w">The new width or length.</param>
    /// <returns>The shape.</returns>
    public TensorShape WithSpatial(long d, long h, long w) => new(SpatialRank, IsBatched, N, C, d, h, w, Layout);

    /// <summary>The same N, C, D, rank and layout with another height and width.</summary>
    /// <param name="h">The new height.</param>
    /// <param name="w">The new width.</param>
    /// <returns>The shape.</returns>
    public TensorShape WithSpatial(long h, long w) => WithSpatial(D, h, w);

    /// <summary>The same rank and layout with other sizes (a view's; an unbatched shape's N stays 1).</summary>
    internal TensorShape WithSizes(long n, long c, long d, long h, long w) => new(SpatialRank, IsBatched, n, c, d, h, w, Layout);

    /// <summary>PyTorch's notation of the sizes as given, e.g. <c>[N, C, H, W]</c>, with the layout when channels-last.</summary>
    /// <returns>The shape as text.</returns>
    public override string ToString() =>
        $"[{string.Join(", ", Sizes())}]{(Layout == TensorLayout.ChannelsLast ? " channels-last" : "")}";

    private static void CheckSize(string name, long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Tensor sizes must be non-negative, but got {name} = {value}.");
        }
    }

    /// <summary>Multiplies a non-zero size into <paramref name="product"/>; the size, named, when the product would pass long.MaxValue.</summary>
    private static (string Name, long Value)? Overflow(ref long product, string name, long value)
    {
        if (value > 0 && product > long.MaxValue / value)
        {
            return (name, value);
        }

        product *= Math.Max(value, 1);
        return null;
    }

    /// <summary>The sizes as given, in PyTorch's (logical) order.</summary>
    /// <returns>N (if batched), C, then the spatial sizes.</returns>
    public long[] Sizes()
    {
        long[] spatial = SpatialRank switch { 1 => [W], 2 => [H, W], _ => [D, H, W] };
        return [.. IsBatched ? new[] { N, C } : [C], .. spatial];
    }
}
