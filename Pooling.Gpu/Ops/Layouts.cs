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
        long rest = Divide.Quotient(index, dims.W, out long w);
        rest = Divide.Quotient(rest, dims.H, out long h);
        rest = Divide.Quotient(rest, dims.D, out long d);
        long n = Divide.Quotient(rest, dims.C, out long c);
        return new Coordinates(n, c, d, h, w);
    }
}

/// <summary>NHWC (NLC, NDHWC): consecutive threads take consecutive channels, so accesses coalesce along C.</summary>
internal readonly struct ChannelsLast : ILayout
{
    public long Offset(TensorDims dims, long n, long c, long d, long h, long w) => (((n * dims.D + d) * dims.H + h) * dims.W + w) * dims.C + c;

    public long WidthStride(TensorDims dims) => dims.C;

    public Coordinates Split(TensorDims dims, long index)
    {
        long rest = Divide.Quotient(index, dims.C, out long c);
        rest = Divide.Quotient(rest, dims.W, out long w);
        rest = Divide.Quotient(rest, dims.H, out long h);
        long n = Divide.Quotient(rest, dims.D, out long d);
        return new Coordinates(n, c, d, h, w);
    }
}

/// <summary>
/// Index division for kernels. A 64-bit division is a long instruction sequence on a GPU: take
/// the remainder by a multiply instead of a second division, and skip dividing by 1 (the unused
/// spatial dims of 1D and 2D tensors).
/// </summary>
internal static class Divide
{
    internal static long Quotient(long dividend, long divisor, out long remainder)
    {
        long quotient = divisor == 1 ? dividend : dividend / divisor;
        remainder = dividend - quotient * divisor;
        return quotient;
    }
}
