using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// How a max pooling records where each maximum was, and how its backward recognises it. The
/// position is given as (d, h, w) with the window it was found in.
/// </summary>
internal interface IMaxIndexFormat
{
    /// <summary>Records that output <paramref name="output"/>'s maximum is at (d, h, w).</summary>
    void Write(long output, long d, long h, long w, PoolWindow window);

    /// <summary>Loads what was recorded for output <paramref name="output"/>, for <see cref="Matches"/>.</summary>
    long Recorded(long output);

    /// <summary>Whether <paramref name="recorded"/>, an output's <see cref="Recorded"/> index, is input (d, h, w) of the output's window.</summary>
    bool Matches(long recorded, long d, long h, long w, PoolWindow window);
}

/// <summary>Inference: no index is written.</summary>
internal readonly struct NoIndices : IMaxIndexFormat
{
    public void Write(long output, long d, long h, long w, PoolWindow window)
    {
    }

    public long Recorded(long output) => 0;

    public bool Matches(long recorded, long d, long h, long w, PoolWindow window) => false;
}

/// <summary>
/// PyTorch's form: int64 <c>(d*H + h)*W + w</c> within the (n, c) plane (<c>h*W + w</c> in 2D);
/// -1 for a window with no input position (PyTorch writes an out-of-range value there).
/// </summary>
internal readonly struct TorchIndices(ArrayView<long> indices, TensorDims input) : IMaxIndexFormat
{
    /// <summary>The cells (for the host path's vector code).</summary>
    internal ArrayView<long> View => indices;

    public void Write(long output, long d, long h, long w, PoolWindow window) =>
        indices[output] = d >= 0 && d < input.D && h >= 0 && h < input.H && w >= 0 && w < input.W ? Position(d, h, w, input) : -1;

    public long Recorded(long output) => indices[output];

    public bool Matches(long recorded, long d, long h, long w, PoolWindow window) => recorded == Position(d, h, w, input);

    /// <summary>The index of input position (d, h, w) within its plane.</summary>
    internal static long Position(long d, long h, long w, TensorDims input) => (d * input.H + h) * input.W + w;
}

/// <summary>
/// The compact form: the position's ordinal inside its window, <c>(i*Span_h + j)*Span_w + k</c>
/// for the window's i-th depth, j-th row and k-th column position (padding positions count), in
/// one byte per output for windows of at most 256 positions, else four. A window with no input
/// position records ordinal 0, its origin, which lies in padding: backward never matches it.
/// </summary>
/// <remarks>
/// One type for both widths, so that each kernel is compiled once for compact indices: the width is
/// the same for every thread of a launch, and the branch on it costs no divergence.
/// </remarks>
/// <param name="bytes">The cells as bytes (read when <paramref name="bytesPerIndex"/> is 1).</param>
/// <param name="ints">The same cells as 32-bit integers (read when <paramref name="bytesPerIndex"/> is 4).</param>
/// <param name="bytesPerIndex">1 or 4.</param>
internal readonly struct WindowIndices(ArrayView<byte> bytes, ArrayView<int> ints, int bytesPerIndex) : IMaxIndexFormat
{
    /// <summary>The cells as bytes (for the host path's vector code).</summary>
    internal ArrayView<byte> Bytes => bytes;

    /// <summary>The cells as 32-bit integers.</summary>
    internal ArrayView<int> Ints => ints;

    /// <summary>1 or 4.</summary>
    internal int BytesPerIndex => bytesPerIndex;

    public void Write(long output, long d, long h, long w, PoolWindow window) => Set(output, Ordinal(d, h, w, window));

    /// <summary>The ordinal of input position (d, h, w) in <paramref name="window"/>.</summary>
    internal static long Ordinal(long d, long h, long w, PoolWindow window) =>
        (Divide.Quotient(d - window.Depth.Origin, window.Depth.Step, out _) * window.Rows.Span
            + Divide.Quotient(h - window.Rows.Origin, window.Rows.Step, out _)) * window.Cols.Span
        + Divide.Quotient(w - window.Cols.Origin, window.Cols.Step, out _);

    // Unsigned: the ordinals of a window past 2^31 positions (a 46341 x 46341 plane) must not read back negative.
    public long Recorded(long output) => bytesPerIndex == 1 ? bytes[output] : (uint)ints[output];

    public bool Matches(long recorded, long d, long h, long w, PoolWindow window)
    {
        var position = Locate(recorded, window);
        return position.D == d && position.H == h && position.W == w;
    }

    /// <summary>The input position recorded for output <paramref name="output"/>; in padding for "none".</summary>
    public Coordinates Position(long output, PoolWindow window) => Locate(Recorded(output), window);

    private void Set(long output, long ordinal)
    {
        if (bytesPerIndex == 1)
        {
            bytes[output] = (byte)ordinal;
        }
        else
        {
            ints[output] = (int)ordinal;
        }
    }

    /// <summary>The input position of ordinal <paramref name="recorded"/> in <paramref name="window"/>.</summary>
    private static Coordinates Locate(long recorded, PoolWindow window)
    {
        long rest = Divide.Quotient(recorded, window.Cols.Span, out long k);
        long i = Divide.Quotient(rest, window.Rows.Span, out long j);
        return new Coordinates(
            0, 0, window.Depth.Origin + i * window.Depth.Step, window.Rows.Origin + j * window.Rows.Step, window.Cols.Origin + k * window.Cols.Step);
    }
}
