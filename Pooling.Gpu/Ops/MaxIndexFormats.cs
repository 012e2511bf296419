using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// How a max pooling records where each maximum was, and how its backward recognises it.
/// The position is given as (h, w) with the window it was found in.
/// </summary>
internal interface IMaxIndexFormat
{
    /// <summary>Records that output <paramref name="output"/>'s maximum is at (h, w).</summary>
    void Write(long output, long h, long w, AxisWindow rows, AxisWindow cols);

    /// <summary>Whether output <paramref name="output"/>'s recorded maximum is input (h, w).</summary>
    bool Matches(long output, long h, long w, AxisWindow rows, AxisWindow cols);
}

/// <summary>Inference: no index is written.</summary>
internal readonly struct NoIndices : IMaxIndexFormat
{
    public void Write(long output, long h, long w, AxisWindow rows, AxisWindow cols)
    {
    }

    public bool Matches(long output, long h, long w, AxisWindow rows, AxisWindow cols) => false;
}

/// <summary>
/// PyTorch's form: int64 <c>h*W + w</c> within the (n, c) plane; -1 for a window with no input
/// position (PyTorch writes an out-of-range value there).
/// </summary>
internal readonly struct TorchIndices(ArrayView<long> indices, long height, long width) : IMaxIndexFormat
{
    public void Write(long output, long h, long w, AxisWindow rows, AxisWindow cols) =>
        indices[output] = h >= 0 && h < height && w >= 0 && w < width ? h * width + w : -1;

    public bool Matches(long output, long h, long w, AxisWindow rows, AxisWindow cols) => indices[output] == h * width + w;
}

/// <summary>Storage cells of compact indices: one byte or four.</summary>
internal interface IIndexCells
{
    long Get(long i);

    void Set(long i, long value);
}

/// <summary>One byte per index: windows of at most 256 positions.</summary>
internal readonly struct ByteCells(ArrayView<byte> cells) : IIndexCells
{
    public long Get(long i) => cells[i];

    public void Set(long i, long value) => cells[i] = (byte)value;
}

/// <summary>Four bytes per index: larger windows (adaptive and global pooling of big planes), up to 2^32 positions.</summary>
internal readonly struct Int32Cells(ArrayView<int> cells) : IIndexCells
{
    // Unsigned: the ordinals of a window past 2^31 positions (a 46341 x 46341 plane) must not read back negative.
    public long Get(long i) => (uint)cells[i];

    public void Set(long i, long value) => cells[i] = (int)value;
}

/// <summary>
/// The compact form: the position's ordinal inside its window, <c>i*Span_w + j</c> for the
/// window's i-th row and j-th column position (padding positions count). A window with no input
/// position records ordinal 0, its origin, which lies in padding: backward never matches it.
/// </summary>
internal readonly struct WindowIndices<TCells>(TCells cells) : IMaxIndexFormat
    where TCells : struct, IIndexCells
{
    public void Write(long output, long h, long w, AxisWindow rows, AxisWindow cols) =>
        cells.Set(output, (h - rows.Origin) / rows.Step * cols.Span + (w - cols.Origin) / cols.Step);

    public bool Matches(long output, long h, long w, AxisWindow rows, AxisWindow cols)
    {
        var (recordedH, recordedW) = Position(output, rows, cols);
        return recordedH == h && recordedW == w;
    }

    /// <summary>The input position (h, w) recorded for output <paramref name="output"/>; in padding for "none".</summary>
    public (long H, long W) Position(long output, AxisWindow rows, AxisWindow cols)
    {
        long ordinal = cells.Get(output);
        long i = ordinal / cols.Span;
        return (rows.Origin + i * rows.Step, cols.Origin + (ordinal - i * cols.Span) * cols.Step);
    }
}
