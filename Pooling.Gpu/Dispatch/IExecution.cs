using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// How an op runs once <see cref="ElementKernels{T}"/> has built its structs: as ILGPU kernels on
/// the accelerator (<see cref="KernelExecution"/>), or as .NET loops on the host's cores over the
/// host memory of an ILGPU CPU accelerator (<see cref="HostExecution"/>). Both run the same
/// per-element bodies of the kernels with the same structs, so both give the same bits.
/// A call without a stream returns when its result is ready; with one, it is enqueued on it
/// (the host runs it at once: a CPU accelerator's stream has nothing pending).
/// </summary>
internal interface IExecution
{
    /// <summary>
    /// Window pooling of <paramref name="input"/> into the outputs of <paramref name="reduction"/>, one
    /// window per output, for an element type that only compares (integer max pooling): the host
    /// runs the kernel's per-output body, without the vector forms of the floating types.
    /// </summary>
    void WindowMax<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>;

    /// <summary>Window pooling of <paramref name="input"/> into the outputs of <paramref name="reduction"/>, one window per output.</summary>
    void WindowPool<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>;

    /// <summary>Window pooling backward into <paramref name="gradInput"/>: each input's gradient from the outputs whose windows cover it.</summary>
    void WindowBackward<T, TAcc, TElement, TGeometry, TGradient>(
        DeviceTensor<T> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>;

    /// <summary>Compact indices to PyTorch's form, in the output's layout.</summary>
    void IndexConversion<TGeometry>(WindowIndices compact, PoolShape shape, TensorLayout layout, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Copies <paramref name="input"/>, contiguous or strided, into <paramref name="output"/>, contiguous with its logical shape in any layout.</summary>
    void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>Zeroes <paramref name="output"/> and scatters <paramref name="input"/> into it at <paramref name="indices"/>.</summary>
    void Unpool<T>(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>Max unpooling's backward, a gather into <paramref name="gradInput"/> at <paramref name="indices"/>.</summary>
    void UnpoolBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>The element index of the first of <paramref name="indices"/> (not empty) outside <c>[0, planeLength)</c>, or -1; waits for the device.</summary>
    long FirstIndexOutside(DeviceTensor<long> indices, long planeLength);
}
