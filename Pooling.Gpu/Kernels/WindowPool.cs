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
/// The window-pooling kernel: one thread per output element, grid-strided with 64-bit offsets,
/// reading the window row by row, four positions at a time. Max, average, power-average and
/// adaptive pooling in 1D, 2D and 3D, in every element type and layout, are this kernel with
/// other type arguments.
/// </summary>
internal readonly struct WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>(ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
    : IElementKernel<WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>, TLayout>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IMaxElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
{
    private readonly TGeometry geometry = geometry;
    private readonly TReduction reduction = reduction;

    public static Action<WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>, GridStep> Kernel { get; } = ElementGrid<TLayout>.Run;

    /// <summary>The outputs.</summary>
    public TensorDims Elements => shape.Output;

    /// <summary>
    /// Computes output element <paramref name="output"/> (its index in the output's layout) at
    /// <paramref name="at"/>: the body that every thread of the kernel runs for each of its outputs.
    /// </summary>
    public void Run(long output, Coordinates at)
    {
        var layout = default(TLayout);
        var element = default(TElement);
        var geometry = this.geometry;
        var reduction = this.reduction;
        geometry.EnterPlane(at.N, at.C);
        var window = new PoolWindow(geometry.Depth(at.D), geometry.Rows(at.H), geometry.Cols(at.W));
        var cols = window.Cols;
        long stride = cols.Step * layout.WidthStride(shape.Input);
        reduction.Reset(window);
        for (long d = window.Depth.Start; d < window.Depth.End; d += window.Depth.Step)
        {
            for (long h = window.Rows.Start; h < window.Rows.End; h += window.Rows.Step)
            {
                long offset = layout.Offset(shape.Input, at.N, at.C, d, h, cols.Start);
                for (long w = cols.Start; w < cols.End; w += 4 * cols.Step, offset += 4 * stride)
                {
                    // Up to four loads of the row before any value is used, so that they are in flight together.
                    bool has1 = w + cols.Step < cols.End;
                    bool has2 = w + 2 * cols.Step < cols.End;
                    bool has3 = w + 3 * cols.Step < cols.End;
                    var v0 = element.Load(input[offset]);
                    var v1 = has1 ? element.Load(input[offset + stride]) : v0;
                    var v2 = has2 ? element.Load(input[offset + 2 * stride]) : v0;
                    var v3 = has3 ? element.Load(input[offset + 3 * stride]) : v0;
                    reduction.Add(v0, d, h, w);
                    if (has1)
                    {
                        reduction.Add(v1, d, h, w + cols.Step);
                    }

                    if (has2)
                    {
                        reduction.Add(v2, d, h, w + 2 * cols.Step);
                    }

                    if (has3)
                    {
                        reduction.Add(v3, d, h, w + 3 * cols.Step);
                    }
                }
            }
        }

        reduction.Store(output, window);
    }
}
