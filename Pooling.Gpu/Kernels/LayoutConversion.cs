using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The layout conversion kernel: one thread per output element reads the same (n, c, d, h, w) of the input.</summary>
internal static class LayoutConversion<T, TFrom, TTo>
    where T : unmanaged
    where TFrom : struct, ILayout
    where TTo : struct, ILayout
{
    /// <summary>The kernel method.</summary>
    internal static readonly Action<ArrayView<T>, ArrayView<T>, TensorDims, GridStep> Kernel = Run;

    private static void Run(ArrayView<T> input, ArrayView<T> output, TensorDims dims, GridStep step)
    {
        long total = dims.Length;
        for (var walk = GridWalk<TTo>.OfThisThread(dims, step); walk.Index < total; walk.Advance())
        {
            var at = walk.At;
            output[walk.Index] = input[default(TFrom).Offset(dims, at.N, at.C, at.D, at.H, at.W)];
        }
    }
}
