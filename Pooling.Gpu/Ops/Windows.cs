namespace Pooling.Gpu;

/// <summary>Sizes of a window-pooling launch: planes (N*C), input plane H x W, output plane OH x OW.</summary>
internal readonly record struct PoolPlanes(long Planes, long H, long W, long OH, long OW)
{
    internal static PoolPlanes Of(TensorShape input, TensorShape output) =>
        new(input.Planes, input.H, input.W, output.H, output.W);

    internal long InputLength => Planes * H * W;

    internal long OutputLength => Planes * OH * OW;
}

/// <summary>
/// One window along one axis. Its positions are <c>Origin + i*Step</c> for i in [0, Span);
/// those inside the input are <c>Start, Start + Step, ...</c> below <c>End</c>.
/// <see cref="Extent"/> is the window's size for the average divisor (which may count padding).
/// </summary>
internal readonly record struct AxisWindow(long Origin, long Start, long End, int Step, long Span, long Extent)
{
    internal bool IsEmpty => Start >= End;
}

/// <summary>The outputs <c>[Start, End)</c> along one axis whose windows may hold an input position.</summary>
internal readonly record struct OutputRange(long Start, long End);

/// <summary>Where the windows of each output lie in the input, and which outputs may cover an input.</summary>
internal interface IWindowGeometry
{
    AxisWindow Rows(long oh);

    AxisWindow Cols(long ow);

    /// <summary>Outputs along H whose windows may hold row <paramref name="h"/> (with dilation, some skip it).</summary>
    OutputRange RowsCovering(long h);

    /// <summary>Outputs along W whose windows may hold column <paramref name="w"/>.</summary>
    OutputRange ColsCovering(long w);
}

/// <summary>Whether an average's divisor counts the padding positions of its window (count_include_pad).</summary>
/// <remarks>An enum, not a bool: kernel arguments must be blittable.</remarks>
internal enum PaddingInDivisor
{
    Excluded,
    Included,
}

/// <summary>
/// Windows of max_pool2d and avg_pool2d: output o starts at <c>o*stride - pad</c> and takes
/// <c>kernel</c> positions spaced by <c>dilation</c>; positions outside the input are skipped.
/// The extent follows PyTorch's avg_pool2d: clipped at the padded edge, then, unless padding
/// counts, at the input.
/// </summary>
internal readonly record struct StridedWindows(
    PoolPlanes Shape, Size2 Kernel, Size2 Stride, Size2 Padding, Size2 Dilation, PaddingInDivisor Divisor) : IWindowGeometry
{
    public AxisWindow Rows(long oh) => Axis(oh, Shape.H, Kernel.Height, Stride.Height, Padding.Height, Dilation.Height);

    public AxisWindow Cols(long ow) => Axis(ow, Shape.W, Kernel.Width, Stride.Width, Padding.Width, Dilation.Width);

    public OutputRange RowsCovering(long h) => Covering(h, Shape.OH, Kernel.Height, Stride.Height, Padding.Height, Dilation.Height);

    public OutputRange ColsCovering(long w) => Covering(w, Shape.OW, Kernel.Width, Stride.Width, Padding.Width, Dilation.Width);

    private AxisWindow Axis(long o, long size, int kernel, int stride, int pad, int dilation)
    {
        long origin = o * stride - pad;
        long start = origin < 0 ? origin + (-origin + dilation - 1) / dilation * dilation : origin;
        long end = Math.Min(origin + (long)(kernel - 1) * dilation + 1, size);
        long paddedEnd = Math.Min(origin + kernel, size + pad);
        long extent = Divisor == PaddingInDivisor.Included ? paddedEnd - origin : Math.Max(0, end - start);
        return new AxisWindow(origin, start, end, dilation, kernel, extent);
    }

    /// <summary>Outputs o with <c>o*stride - pad &lt;= i</c> and <c>i &lt; o*stride - pad + (kernel-1)*dilation + 1</c>.</summary>
    private static OutputRange Covering(long i, long outputs, int kernel, int stride, int pad, int dilation)
    {
        long span = (long)(kernel - 1) * dilation + 1;
        long start = i + pad < span ? 0 : (i + pad - span) / stride + 1;
        return new OutputRange(start, Math.Min((i + pad) / stride + 1, outputs));
    }
}

/// <summary>
/// Windows of adaptive pooling: output i of O over input size I covers
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c>, in integer arithmetic. By the same formula with the
/// roles swapped, input i is covered by outputs <c>[floor(i*O/I), ceil((i+1)*O/I))</c>.
/// </summary>
internal readonly record struct AdaptiveWindows(PoolPlanes Shape) : IWindowGeometry
{
    public AxisWindow Rows(long oh) => Axis(oh, Shape.H, Shape.OH);

    public AxisWindow Cols(long ow) => Axis(ow, Shape.W, Shape.OW);

    public OutputRange RowsCovering(long h) => Covering(h, Shape.OH, Shape.H);

    public OutputRange ColsCovering(long w) => Covering(w, Shape.OW, Shape.W);

    private static AxisWindow Axis(long i, long size, long outputs)
    {
        var (start, end) = Covering(i, size, outputs);
        return new AxisWindow(start, start, end, 1, end - start, end - start);
    }

    private static OutputRange Covering(long i, long size, long count) =>
        new(i / count * size + i % count * size / count, 1 + ((i + 1) * size - 1) / count);
}
