using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Where element (n, c, d, h, w) lives, in elements from the first: any tensor's memory, a strided
/// view's or a contiguous tensor's of either layout (<see cref="Dense"/>).
/// </summary>
internal readonly record struct TensorStrides(long N, long C, long D, long H, long W)
{
    /// <summary>The strides of a contiguous tensor of <paramref name="shape"/> in its layout.</summary>
    internal static TensorStrides Dense(TensorShape shape) => shape.Layout == TensorLayout.ChannelsLast
        ? new(shape.D * shape.H * shape.W * shape.C, 1, shape.H * shape.W * shape.C, shape.W * shape.C, shape.C)
        : new(shape.C * shape.D * shape.H * shape.W, shape.D * shape.H * shape.W, shape.H * shape.W, shape.W, 1);

    /// <summary>The element offset of <paramref name="at"/>.</summary>
    internal long Offset(Coordinates at) => at.N * N + at.C * C + at.D * D + at.H * H + at.W * W;
}

/// <summary>
/// The copy kernel of layout conversions and of strided views made contiguous (PyTorch's
/// <c>.contiguous()</c>): one thread per output element, in the output's layout, reads the same
/// (n, c, d, h, w) of the input through the input's strides.
/// </summary>
internal readonly struct StridedCopy<T, TTo>(ArrayView<T> input, ArrayView<T> output, TensorDims dims, TensorStrides strides)
    : IElementKernel<StridedCopy<T, TTo>, TTo>
    where T : unmanaged
    where TTo : struct, ILayout
{
    public static Action<StridedCopy<T, TTo>, GridStep> Kernel { get; } = ElementGrid<TTo>.Run;

    /// <summary>The tensor's logical sizes.</summary>
    public TensorDims Elements => dims;

    /// <summary>Copies output element <paramref name="index"/>, at <paramref name="at"/>: the body every thread runs for each of its elements.</summary>
    public void Run(long index, Coordinates at) => output[index] = input[strides.Offset(at)];
}
