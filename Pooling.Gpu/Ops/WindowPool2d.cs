using ILGPU;

namespace Pooling.Gpu;

/// <summary>Sizes of a window-pooling launch: planes (N*C), input plane H x W, output plane OH x OW.</summary>
internal readonly record struct PoolPlanes(long Planes, long H, long W, long OH, long OW)
{
    internal static PoolPlanes Of(TensorShape input, TensorShape output) =>
        new(input.Planes, input.H, input.W, output.H, output.W);

    internal long OutputLength => Planes * OH * OW;
}

/// <summary>
/// The input positions of one window along one axis: <c>Start, Start + Step, ...</c> below
/// <c>End</c>, all inside the input. <see cref="Extent"/> is the window's size for the average
/// divisor (which may count padding).
/// </summary>
internal readonly record struct AxisWindow(long Start, long End, int Step, long Extent)
{
    internal bool IsEmpty => Start >= End;
}

/// <summary>Where the windows of each output position lie in the input.</summary>
internal interface IWindowGeometry
{
    AxisWindow Rows(long oh);

    AxisWindow Cols(long ow);
}

/// <summary>What a window pooling computes from the values of a window, and where it writes.</summary>
internal interface IWindowReduction
{
    /// <summary>Starts a window whose first in-bounds position is <paramref name="firstOffset"/> (h*W+w; -1 when none).</summary>
    void Reset(long firstOffset);

    /// <summary>Takes the value at plane offset h*W+w, in row-major order.</summary>
    void Add(float value, long offset);

    /// <summary>Writes the result of output element <paramref name="output"/>.</summary>
    void Store(long output, AxisWindow rows, AxisWindow cols);
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
    long H, long W, Size2 Kernel, Size2 Stride, Size2 Padding, Size2 Dilation, PaddingInDivisor Divisor) : IWindowGeometry
{
    public AxisWindow Rows(long oh) => Axis(oh, H, Kernel.Height, Stride.Height, Padding.Height, Dilation.Height);

    public AxisWindow Cols(long ow) => Axis(ow, W, Kernel.Width, Stride.Width, Padding.Width, Dilation.Width);

    private AxisWindow Axis(long o, long size, int kernel, int stride, int pad, int dilation)
    {
        long start = o * stride - pad;
        long first = start < 0 ? start + (-start + dilation - 1) / dilation * dilation : start;
        long end = Math.Min(start + (long)(kernel - 1) * dilation + 1, size);
        long paddedEnd = Math.Min(start + kernel, size + pad);
        long extent = Divisor == PaddingInDivisor.Included ? paddedEnd - start : Math.Max(0, end - first);
        return new AxisWindow(first, end, dilation, extent);
    }
}

/// <summary>
/// Windows of adaptive pooling: output i of O over input size I covers
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c>, in integer arithmetic.
/// </summary>
internal readonly record struct AdaptiveWindows(long H, long W, long OH, long OW) : IWindowGeometry
{
    public AxisWindow Rows(long oh) => Axis(oh, H, OH);

    public AxisWindow Cols(long ow) => Axis(ow, W, OW);

    private static AxisWindow Axis(long i, long size, long outputs)
    {
        long start = i / outputs * size + i % outputs * size / outputs;
        long end = 1 + ((i + 1) * size - 1) / outputs;
        return new AxisWindow(start, end, 1, end - start);
    }
}

/// <summary>
/// The window-pooling kernel: one thread per output element (grid-strided, 64-bit offsets),
/// reading its window row by row. Max, average and adaptive pooling are this kernel with another
/// geometry and reduction.
/// </summary>
internal static class WindowPool2d<TGeometry, TReduction>
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<float>, PoolPlanes, TGeometry, TReduction> Kernel = Run;

    private static void Run(ArrayView<float> input, PoolPlanes shape, TGeometry geometry, TReduction reduction)
    {
        long total = shape.OutputLength;
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long o = Grid.GlobalIndex.X; o < total; o += gridStride)
        {
            long ow = o % shape.OW;
            long rest = o / shape.OW;
            long oh = rest % shape.OH;
            long plane = rest / shape.OH;
            var rows = geometry.Rows(oh);
            var cols = geometry.Cols(ow);
            long planeStart = plane * shape.H * shape.W;

            var window = reduction;
            window.Reset(rows.IsEmpty || cols.IsEmpty ? -1 : rows.Start * shape.W + cols.Start);
            for (long h = rows.Start; h < rows.End; h += rows.Step)
            {
                for (long w = cols.Start; w < cols.End; w += cols.Step)
                {
                    long offset = h * shape.W + w;
                    window.Add(input[planeStart + offset], offset);
                }
            }

            window.Store(o, rows, cols);
        }
    }
}
