using ILGPU;

namespace Pooling.Gpu;

/// <summary>What a window pooling computes from the values of a window, and where it writes.</summary>
/// <typeparam name="TAcc">The type values are computed in.</typeparam>
internal interface IWindowReduction<TAcc>
    where TAcc : unmanaged
{
    /// <summary>Starts a new window.</summary>
    void Reset(PoolWindow window);

    /// <summary>Takes the value at (d, h, w), in row-major order.</summary>
    void Add(TAcc value, long d, long h, long w);

    /// <summary>Writes the result of output element <paramref name="output"/>.</summary>
    void Store(long output, PoolWindow window);
}

/// <summary>
/// The window-pooling kernel: one thread per output element (grid-strided, 64-bit offsets),
/// reading its window row by row. Max, average and adaptive pooling in 1D, 2D and 3D, in every
/// element type and layout, are this kernel with other type arguments.
/// </summary>
internal static class WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<T>, PoolShape, GridStep, TGeometry, TReduction> Kernel = Run;

    private static void Run(ArrayView<T> input, PoolShape shape, GridStep step, TGeometry geometry, TReduction reduction)
    {
        var layout = default(TLayout);
        var element = default(TElement);
        long total = shape.Output.Length;
        long widthStride = layout.WidthStride(shape.Input);
        for (var walk = GridWalk<TLayout>.OfThisThread(shape.Output, step); walk.Index < total; walk.Advance())
        {
            long o = walk.Index;
            var at = walk.At;
            var window = new PoolWindow(geometry.Depth(at.D), geometry.Rows(at.H), geometry.Cols(at.W));
            var cols = window.Cols;
            var accumulator = reduction;
            accumulator.Reset(window);
            for (long d = window.Depth.Start; d < window.Depth.End; d += window.Depth.Step)
            {
                for (long h = window.Rows.Start; h < window.Rows.End; h += window.Rows.Step)
                {
                    long offset = layout.Offset(shape.Input, at.N, at.C, d, h, cols.Start);
                    for (long w = cols.Start; w < cols.End; w += cols.Step, offset += cols.Step * widthStride)
                    {
                        accumulator.Add(element.Load(input[offset]), d, h, w);
                    }
                }
            }

            accumulator.Store(o, window);
        }
    }
}
