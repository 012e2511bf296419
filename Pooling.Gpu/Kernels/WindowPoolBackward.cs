using ILGPU;

namespace Pooling.Gpu;

/// <summary>What one output's gradient gives to one input position of its window.</summary>
/// <typeparam name="TAcc">The type values are computed in.</typeparam>
internal interface IWindowGradient<TAcc>
    where TAcc : unmanaged
{
    /// <summary>
    /// Loads what output <paramref name="output"/> gives its window from: the kernel loads
    /// several outputs' before it uses any, so that the loads are in flight together.
    /// </summary>
    OutputLoads<TAcc> Load(long output);

    /// <summary>
    /// <paramref name="sum"/> plus the share of output <paramref name="output"/>'s gradient that goes
    /// to input (d, h, w), which lies in the output's window span but, with dilation, maybe not on
    /// it; <paramref name="loaded"/> is what <see cref="Load"/> gave for that output.
    /// </summary>
    TAcc Add(TAcc sum, OutputLoads<TAcc> loaded, long output, long d, long h, long w, PoolWindow window);

    /// <summary>
    /// The gradient of input element <paramref name="input"/> (its index in the input's layout)
    /// from the sum of its shares: the sum itself, unless the op applied a function to each input
    /// before pooling it (power-average pooling's <c>x^p</c>).
    /// </summary>
    TAcc Finish(long input, TAcc sum);
}

/// <summary>
/// What <see cref="IWindowGradient{TAcc}.Load"/> loads for one output: the index recorded by max
/// pooling, or the output's gradient and (power-average pooling) its forward value; a gradient
/// leaves the fields it does not use at their defaults.
/// </summary>
internal readonly record struct OutputLoads<TAcc>(long Index, TAcc Gradient, TAcc Value)
    where TAcc : unmanaged;

/// <summary>
/// The window-pooling backward kernel, as a gather: one thread per input element sums the shares
/// of the outputs whose windows may cover it, in a fixed order (output depth, rows, columns).
/// Every input element is written once, no atomics: the result is deterministic and needs no
/// zeroed buffer.
/// </summary>
internal readonly struct WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>(ArrayView<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient)
    : IElementKernel<WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>, TLayout>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TGradient : struct, IWindowGradient<TAcc>
{
    private readonly TGeometry geometry = geometry;
    private readonly TGradient gradient = gradient;

    public static Action<WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>, GridStep> Kernel { get; } = ElementGrid<TLayout>.Run;

    /// <summary>The inputs.</summary>
    public TensorDims Elements => shape.Input;

    /// <summary>
    /// Computes the gradient of input element <paramref name="input"/> (its index in the input's
    /// layout) at <paramref name="at"/>: the body that every thread of the kernel runs for each of its inputs.
    /// </summary>
    public void Run(long input, Coordinates at)
    {
        var layout = default(TLayout);
        var element = default(TElement);
        var (geometry, gradient) = (this.geometry, this.gradient);
        long outputWidthStride = layout.WidthStride(shape.Output);
        geometry.EnterPlane(at.N, at.C);
        var depths = geometry.DepthCovering(at.D);
        var rows = geometry.RowsCovering(at.H);
        var cols = geometry.ColsCovering(at.W);
        var sum = element.Zero;
        for (long od = depths.Start; od < depths.End; od++)
        {
            var depth = geometry.Depth(od);
            for (long oh = rows.Start; oh < rows.End; oh++)
            {
                var row = geometry.Rows(oh);
                long o = layout.Offset(shape.Output, at.N, at.C, od, oh, cols.Start);

                // A row's covering outputs four at a time, their loads issued before any is used, so that they are in flight together.
                for (long ow = cols.Start; ow < cols.End; ow += 4, o += 4 * outputWidthStride)
                {
                    bool has1 = ow + 1 < cols.End;
                    bool has2 = ow + 2 < cols.End;
                    bool has3 = ow + 3 < cols.End;
                    var loaded0 = gradient.Load(o);
                    var loaded1 = has1 ? gradient.Load(o + outputWidthStride) : loaded0;
                    var loaded2 = has2 ? gradient.Load(o + 2 * outputWidthStride) : loaded0;
                    var loaded3 = has3 ? gradient.Load(o + 3 * outputWidthStride) : loaded0;
                    sum = Give(sum, gradient, geometry, loaded0, o, at, depth, row, ow);
                    if (has1)
                    {
                        sum = Give(sum, gradient, geometry, loaded1, o + outputWidthStride, at, depth, row, ow + 1);
                    }

                    if (has2)
                    {
                        sum = Give(sum, gradient, geometry, loaded2, o + 2 * outputWidthStride, at, depth, row, ow + 2);
                    }

                    if (has3)
                    {
                        sum = Give(sum, gradient, geometry, loaded3, o + 3 * outputWidthStride, at, depth, row, ow + 3);
                    }
                }
            }
        }

        gradInput[input] = element.Store(gradient.Finish(input, sum));
    }

    /// <summary><paramref name="sum"/> plus the share that output <paramref name="output"/> (column <paramref name="ow"/>, window rows <paramref name="row"/>) gives the input at <paramref name="at"/>, from its loads.</summary>
    private static TAcc Give(
        TAcc sum, TGradient gradient, TGeometry geometry, OutputLoads<TAcc> loaded, long output, Coordinates at, AxisWindow depth, AxisWindow row, long ow) =>
        gradient.Add(sum, loaded, output, at.D, at.H, at.W, new PoolWindow(depth, row, geometry.Cols(ow)));
}
