using ILGPU;

namespace Pooling.Gpu;

/// <summary>What one output's gradient gives to one input position of its window.</summary>
internal interface IWindowGradient
{
    /// <summary>
    /// The share of output <paramref name="output"/>'s gradient that goes to input (h, w), which
    /// lies in the output's window span (rows, cols) but, with dilation, maybe not on it.
    /// </summary>
    float Share(long output, long h, long w, AxisWindow rows, AxisWindow cols);
}

/// <summary>
/// The window-pooling backward kernel, as a gather: one thread per input element sums the shares
/// of the outputs whose windows may cover it, in a fixed order (output rows, then columns).
/// Every input element is written once, no atomics: the result is deterministic and needs no
/// zeroed buffer.
/// </summary>
internal static class WindowPool2dBackward<TGeometry, TGradient>
    where TGeometry : struct, IWindowGeometry
    where TGradient : struct, IWindowGradient
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<float>, PoolPlanes, TGeometry, TGradient> Kernel = Run;

    private static void Run(ArrayView<float> gradInput, PoolPlanes shape, TGeometry geometry, TGradient gradient)
    {
        long total = shape.InputLength;
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long i = Grid.GlobalIndex.X; i < total; i += gridStride)
        {
            long w = i % shape.W;
            long rest = i / shape.W;
            long h = rest % shape.H;
            long plane = rest / shape.H;
            var rowRange = geometry.RowsCovering(h);
            var colRange = geometry.ColsCovering(w);
            long planeStart = plane * shape.OH * shape.OW;

            float sum = 0f;
            for (long oh = rowRange.Start; oh < rowRange.End; oh++)
            {
                var rows = geometry.Rows(oh);
                for (long ow = colRange.Start; ow < colRange.End; ow++)
                {
                    sum += gradient.Share(planeStart + oh * shape.OW + ow, h, w, rows, geometry.Cols(ow));
                }
            }

            gradInput[i] = sum;
        }
    }
}
