namespace Pooling.Gpu;

/// <summary>
/// The shape of a contiguous NCHW tensor with 64-bit sizes. A rank-3 shape (C, H, W) is one
/// sample: it is treated as N = 1, and pooling keeps its rank, as PyTorch does.
/// </summary>
public readonly record struct TensorShape
{
    /// <summary>A 4D shape (N, C, H, W).</summary>
    /// <param name="n">Batch size; may be 0.</param>
    /// <param name="c">Channels.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the sizes hold more than long.MaxValue elements.</exception>
    public TensorShape(long n, long c, long h, long w)
        : this(4, n, c, h, w)
    {
    }

    /// <summary>A 3D shape (C, H, W): one sample, treated as N = 1.</summary>
    /// <param name="c">Channels.</param>
    /// <param name="h">Height.</param>
    /// <param name="w">Width.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or the sizes hold more than long.MaxValue elements.</exception>
    public TensorShape(long c, long h, long w)
        : this(3, 1, c, h, w)
    {
    }

    private TensorShape(int rank, long n, long c, long h, long w)
    {
        foreach (var (name, value) in new[] { ("n", n), ("c", c), ("h", h), ("w", w) })
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"Tensor sizes must be non-negative, but got {name} = {value}.");
            }
        }

        // Lengths and offsets are longs: a count that wrapped would size a buffer smaller than
        // the kernels index. Every sub-product (H*W, N*C) divides the product of the non-zero sizes.
        long product = 1;
        foreach (var (name, value) in new[] { ("w", w), ("h", h), ("c", c), ("n", n) })
        {
            if (value > 0 && product > long.MaxValue / value)
            {
                string sizes = rank == 3 ? $"[{c}, {h}, {w}]" : $"[{n}, {c}, {h}, {w}]";
                throw new ArgumentOutOfRangeException(name, value, $"Tensor sizes {sizes} hold more than {long.MaxValue} elements.");
            }

            product *= Math.Max(value, 1);
        }

        Rank = rank;
        N = n;
        C = c;
        H = h;
        W = w;
    }

    /// <summary>3 for (C, H, W), 4 for (N, C, H, W).</summary>
    public int Rank { get; }

    /// <summary>Batch size (1 for a rank-3 shape).</summary>
    public long N { get; }

    /// <summary>Channels.</summary>
    public long C { get; }

    /// <summary>Height.</summary>
    public long H { get; }

    /// <summary>Width.</summary>
    public long W { get; }

    /// <summary>Number of (n, c) planes: N * C.</summary>
    public long Planes => N * C;

    /// <summary>Elements in one plane: H * W.</summary>
    public long PlaneLength => H * W;

    /// <summary>Total number of elements.</summary>
    public long Length => N * C * H * W;

    /// <summary>The same N and C (and rank) with other spatial sizes.</summary>
    /// <param name="h">The new height.</param>
    /// <param name="w">The new width.</param>
    /// <returns>The shape (N, C, h, w), of this shape's rank.</returns>
    public TensorShape WithSpatial(long h, long w) => new(Rank, N, C, h, w);

    /// <summary>PyTorch's notation: <c>[N, C, H, W]</c>, or <c>[C, H, W]</c> for rank 3.</summary>
    /// <returns>The shape as text.</returns>
    public override string ToString() => Rank == 3 ? $"[{C}, {H}, {W}]" : $"[{N}, {C}, {H}, {W}]";
}
