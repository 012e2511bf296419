using System.Numerics;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Window arithmetic in <see cref="BigInteger"/>, exact at any size: the reference of the
/// 64-bit tests. Written from PyTorch's definitions, not from the library's code.
/// </summary>
public static class BigReference
{
    public static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r.Sign != 0 && (r.Sign < 0) != (b.Sign < 0) ? q - 1 : q;
    }

    public static BigInteger CeilDiv(BigInteger a, BigInteger b) => -FloorDiv(-a, b);

    /// <summary>PyTorch's output size, with the ceil-mode correction.</summary>
    public static BigInteger OutputSize(BigInteger input, int kernel, int stride, int pad, int dilation, bool ceil)
    {
        var size = FloorDiv(input + (2 * (BigInteger)pad) - ((BigInteger)dilation * (kernel - 1)) - 1 + (ceil ? stride - 1 : 0), stride) + 1;
        return ceil && (size - 1) * stride >= input + pad ? size - 1 : size;
    }

    /// <summary>
    /// Window <paramref name="o"/> of a strided pooling: positions <c>o*s - p + i*d</c> for i in
    /// [0, k); the first inside [0, size), how many are inside, and avg_pool2d's divisor extent.
    /// </summary>
    public static (BigInteger First, BigInteger Count, BigInteger PaddedExtent) Strided(BigInteger o, BigInteger size, int kernel, int stride, int pad, int dilation)
    {
        var origin = (o * stride) - pad;
        var firstInside = origin >= 0 ? BigInteger.Zero : CeilDiv(-origin, dilation);
        var lastInside = BigInteger.Min(kernel - 1, FloorDiv(size - 1 - origin, dilation));
        var count = BigInteger.Max(0, lastInside - firstInside + 1);
        var paddedExtent = BigInteger.Min(origin + kernel, size + pad) - origin;
        return (origin + (firstInside * dilation), count, paddedExtent);
    }

    /// <summary>The outputs [start, end) of a strided pooling whose window span holds position <paramref name="i"/>.</summary>
    public static (BigInteger Start, BigInteger End) StridedCovering(BigInteger i, BigInteger outputs, int kernel, int stride, int pad, int dilation)
    {
        BigInteger span = ((BigInteger)(kernel - 1) * dilation) + 1;

        // o*s - p <= i < o*s - p + span
        var start = BigInteger.Max(0, FloorDiv(i + pad - span, stride) + 1);
        var end = BigInteger.Min(outputs, FloorDiv(i + pad, stride) + 1);
        return (start, end);
    }

    /// <summary>Adaptive window <paramref name="i"/> of <paramref name="count"/> over <paramref name="size"/>: [floor(i*I/O), ceil((i+1)*I/O)).</summary>
    public static (BigInteger Start, BigInteger End) Adaptive(BigInteger i, BigInteger size, BigInteger count) =>
        (FloorDiv(i * size, count), CeilDiv((i + 1) * size, count));
}
