namespace Pooling.Gpu;

/// <summary>The (n, c, d, h, w) coordinates of one element.</summary>
internal readonly record struct Coordinates(long N, long C, long D, long H, long W);

/// <summary>
/// Where element (n, c, d, h, w) lives in a tensor's memory. Kernels are written once against
/// this and specialised per layout, so channels-last results come from the same code as
/// channels-first ones.
/// </summary>
internal interface ILayout
{
    /// <summary>The element index of (n, c, d, h, w).</summary>
    long Offset(TensorDims dims, long n, long c, long d, long h, long w);

    /// <summary>The distance between (.., w) and (.., w + 1).</summary>
    long WidthStride(TensorDims dims);

    /// <summary>The coordinates of element index <paramref name="index"/>; consecutive indices differ in the fastest dim.</summary>
    Coordinates Split(TensorDims dims, long index);
}

/// <summary>NCHW (NCL, NCDHW): consecutive threads take consecutive w.</summary>
internal readonly struct ChannelsFirst : ILayout
{
    public long Offset(TensorDims dims, long n, long c, long d, long h, long w) => (((n * dims.C + c) * dims.D + d) * dims.H + h) * dims.W + w;

    public long WidthStride(TensorDims dims) => 1;

    public Coordinates Split(TensorDims dims, long index)
    {
        long w = index % dims.W;
        long rest = index / dims.W;
        long h = rest % dims.H;
        rest /= dims.H;
        long d = rest % dims.D;
        rest /= dims.D;
        return new Coordinates(rest / dims.C, rest % dims.C, d, h, w);
    }
}

/// <summary>NHWC (NLC, NDHWC): consecutive threads take consecutive channels, so accesses coalesce along C.</summary>
internal readonly struct ChannelsLast : ILayout
{
    public long Offset(TensorDims dims, long n, long c, long d, long h, long w) => (((n * dims.D + d) * dims.H + h) * dims.W + w) * dims.C + c;

    public long WidthStride(TensorDims dims) => dims.C;

    public Coordinates Split(TensorDims dims, long index)
    {
        long c = index % dims.C;
        long rest = index / dims.C;
        long w = rest % dims.W;
        rest /= dims.W;
        long h = rest % dims.H;
        rest /= dims.H;
        return new Coordinates(rest / dims.D, c, rest % dims.D, h, w);
    }
}
