using ILGPU;

namespace Pooling.Gpu;

/// <summary>What a window pooling computes from the values of a window, and where it writes.</summary>
internal interface IWindowReduction
{
    /// <summary>Starts a new window.</summary>
    void Reset(AxisWindow rows, AxisWindow cols);

    /// <summary>Takes the value at (h, w), in row-major order.</summary>
    void Add(float value, long h, long w);

    /// <summary>Writes the result of output element <paramref name="output"/>.</summary>
    void Store(long output, AxisWindow rows, AxisWindow cols);
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
            window.Reset(rows, cols);
            for (long h = rows.Start; h < rows.End; h += rows.Step)
            {
                for (long w = cols.Start; w < cols.End; w += cols.Step)
                {
                    window.Add(input[planeStart + h * shape.W + w], h, w);
                }
            }

            window.Store(o, rows, cols);
        }
    }
}
