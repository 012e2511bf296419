namespace Pooling.Gpu;

/// <summary>
/// The window of every output along each axis, made once per call from the op's geometry (which
/// computes one per call with divisions), in memory the caller owns for the call: what the host
/// path's vector forms read instead of the geometry, for any geometry.
/// </summary>
internal readonly unsafe struct WindowTables
{
    private WindowTables(AxisWindow* depths, AxisWindow* rows, AxisWindow* cols, PoolShape shape)
    {
        Depths = depths;
        Rows = rows;
        Cols = cols;
        (DepthCount, RowCount, ColCount) = (shape.Output.D, shape.Output.H, shape.Output.W);
    }

    internal AxisWindow* Depths { get; }

    internal AxisWindow* Rows { get; }

    internal AxisWindow* Cols { get; }

    internal long DepthCount { get; }

    internal long RowCount { get; }

    internal long ColCount { get; }

    /// <summary>
    /// Whether the windows along W are those of a strided pooling: output ow's at
    /// <c>ow * Stride - Padding</c>, all of one span and step (strided windows always; adaptive
    /// ones when the output size divides the input's evenly enough, as 15 to 7).
    /// </summary>
    internal bool RegularColumns => ColCount > 0 && Cols[0].Span > 0 && ColumnStride > 0 && Regular(Cols, ColCount, ColumnStride);

    /// <summary>Whether the windows along H are those of a strided pooling, as <see cref="RegularColumns"/> along W.</summary>
    internal bool RegularRows => RowCount > 0 && Rows[0].Span > 0 && RowStride > 0 && Regular(Rows, RowCount, RowStride);

    /// <summary>The distance between consecutive windows along H (1 for a single row).</summary>
    internal long RowStride => RowCount > 1 ? Rows[1].Origin - Rows[0].Origin : 1;

    /// <summary>The distance between consecutive windows along W (1 for a single column).</summary>
    internal long ColumnStride => ColCount > 1 ? Cols[1].Origin - Cols[0].Origin : 1;

    /// <summary>The most positions a window spans along each axis.</summary>
    internal (long Depth, long Rows, long Cols) MaxSpans => (MaxSpan(Depths, DepthCount), MaxSpan(Rows, RowCount), MaxSpan(Cols, ColCount));

    /// <summary>The most positions a window holds: the product of <see cref="MaxSpans"/>.</summary>
    internal long MaxPositions
    {
        get
        {
            var (depth, rows, cols) = MaxSpans;
            return depth * rows * cols;
        }
    }

    /// <summary>Whether every window along D, H and W spans as many positions as the first (compact ordinals then decode alike for all outputs).</summary>
    internal bool UniformSpans => Uniform(Depths, DepthCount) && Uniform(Rows, RowCount) && Uniform(Cols, ColCount);

    internal static long Bytes(PoolShape shape) =>
        Scratch.Bytes(shape.Output.D * sizeof(AxisWindow), shape.Output.H * sizeof(AxisWindow), shape.Output.W * sizeof(AxisWindow));

    internal static WindowTables Of<TGeometry>(TGeometry geometry, PoolShape shape, Scratch memory)
        where TGeometry : struct, IWindowGeometry
    {
        var tables = new WindowTables(
            memory.Take<AxisWindow>(shape.Output.D), memory.Take<AxisWindow>(shape.Output.H), memory.Take<AxisWindow>(shape.Output.W), shape);
        for (long od = 0; od < shape.Output.D; od++)
        {
            tables.Depths[od] = geometry.Depth(od);
        }

        for (long oh = 0; oh < shape.Output.H; oh++)
        {
            tables.Rows[oh] = geometry.Rows(oh);
        }

        for (long ow = 0; ow < shape.Output.W; ow++)
        {
            tables.Cols[ow] = geometry.Cols(ow);
        }

        return tables;
    }

    private static bool Regular(AxisWindow* windows, long count, long stride)
    {
        for (long o = 1; o < count; o++)
        {
            if (windows[o].Origin != windows[0].Origin + o * stride || windows[o].Span != windows[0].Span || windows[o].Step != windows[0].Step)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Uniform(AxisWindow* windows, long count)
    {
        for (long o = 1; o < count; o++)
        {
            if (windows[o].Span != windows[0].Span || windows[o].Step != windows[0].Step)
            {
                return false;
            }
        }

        return true;
    }

    private static long MaxSpan(AxisWindow* windows, long count)
    {
        long most = 0;
        for (long o = 0; o < count; o++)
        {
            most = Math.Max(most, windows[o].Span);
        }

        return most;
    }
}
