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
            Element(input, output, dims, walk.Index, walk.At);
        }
    }

    /// <summary>Copies output element <paramref name="index"/>, at <paramref name="at"/>: the body every thread runs for each of its elements.</summary>
    internal static void Element(ArrayView<T> input, ArrayView<T> output, TensorDims dims, long index, Coordinates at) =>
        output[index] = input[default(TFrom).Offset(dims, at.N, at.C, at.D, at.H, at.W)];
}
