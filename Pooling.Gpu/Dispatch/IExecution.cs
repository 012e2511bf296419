using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// How an op runs once <see cref="ElementKernels{T}"/> has built its structs: as ILGPU kernels on
/// the accelerator (<see cref="KernelExecution"/>), or as .NET loops on the host's cores over the
/// host memory of an ILGPU CPU accelerator (<see cref="HostExecution"/>). Both run the same
/// element kernels (<see cref="IElementKernel{TSelf, TLayout}"/>), so both give the same bits; the
/// ops built of one such kernel are written once, for both (<see cref="ElementLaunches"/>).
/// A call without a stream returns when its result is ready; with one, it is enqueued on it
/// (the host runs it at once: a CPU accelerator's stream has nothing pending).
/// </summary>
internal interface IExecution
{
    /// <summary>
    /// Runs <paramref name="kernel"/> once per element of its <see cref="IElementKernel{TSelf, TLayout}.Elements"/>;
    /// <paramref name="work"/> is the element visits (loads and stores) of all of them together,
    /// by which the host decides whether to share them among its cores.
    /// </summary>
    void Elements<TLayout, TKernel>(TKernel kernel, long work, AcceleratorStream? stream)
        where TLayout : struct, ILayout
        where TKernel : struct, IElementKernel<TKernel, TLayout>;

    /// <summary>Copies <paramref name="input"/>, contiguous or strided, into <paramref name="output"/>, contiguous with its logical shape in any layout.</summary>
    void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>Zeroes <paramref name="output"/> and scatters <paramref name="input"/> into it at <paramref name="indices"/>.</summary>
    void Unpool<T>(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>The element index of the first of <paramref name="indices"/> (not empty) outside <c>[0, planeLength)</c>, or -1; waits for the device.</summary>
    long FirstIndexOutside(DeviceTensor<long> indices, long planeLength);
}
