using ILGPU;

namespace Pooling.Gpu;

/// <summary>What one output's gradient gives to one input position of its window.</summary>
/// <typeparam name="TAcc">The type values are computed in.</typeparam>
internal interface IWindowGradient<TAcc>
    where TAcc : unmanaged
{
    /// <summary>
    /// The share of output <paramref name="output"/>'s gradient that goes to input (d, h, w), which
    /// lies in the output's window span but, with dilation, maybe not on it.
    /// </summary>
    TAcc Share(long output, long d, long h, long w, PoolWindow window);

    /// <summary>
    /// The gradient of input element <paramref name="input"/> (its index in the input's layout)
    /// from the sum of its shares: the sum itself, unless the op applied a function to each input
    /// before pooling it (power-average pooling's <c>x^p</c>).
    /// </summary>
    TAcc Finish(long input, TAcc sum);
}

/// <summary>
/// The window-pooling backward kernel, as a gather: one thread per input element sums the shares
/// of the outputs whose windows may cover it, in a fixed order (output depth, rows, columns).
/// Every input element is written once, no atomics: the result is deterministic and needs no
/// zeroed buffer.
/// </summary>
internal static class WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TGradient : struct, IWindowGradient<TAcc>
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<T>, PoolShape, GridStep, TGeometry, TGradient> Kernel = Run;

    private static void Run(ArrayView<T> gradInput, PoolShape shape, GridStep step, TGeometry geometry, TGradient gradient)
    {
        var layout = default(TLayout);
        var element = default(TElement);
        long total = shape.Input.Length;
        for (var walk = GridWalk<TLayout>.OfThisThread(shape.Input, step); walk.Index < total; walk.Advance())
        {
            long i = walk.Index;
            var at = walk.At;
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
                    for (long ow = cols.Start; ow < cols.End; ow++)
                    {
                        long o = layout.Offset(shape.Output, at.N, at.C, od, oh, ow);
                        sum = element.Add(sum, gradient.Share(o, at.D, at.H, at.W, new PoolWindow(depth, row, geometry.Cols(ow))));
                    }
                }
            }

            gradInput[i] = element.Store(gradient.Finish(i, sum));
        }
    }
}
