using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>
/// Where the API's checked calls go: for each op, the kernels of the element type (<see cref="ElementKernels{T}"/>)
/// and the way to run them on one accelerator: ILGPU's kernels (<see cref="KernelExecution"/>),
/// or, on a CPU accelerator, host loops over the same per-element bodies (<see cref="HostExecution"/>).
/// Takes tensors, shapes, window geometries and index formats that the API has already decided;
/// validates nothing the API could.
/// </summary>
internal sealed class Dispatcher
{
    private readonly KernelExecution kernels;
    private readonly IExecution execution;
    private bool? reducesPlanesInGroups;

    /// <summary>
    /// Dispatch to <paramref name="accelerator"/>, logging each kernel load to <paramref name="logger"/>:
    /// on a CPU accelerator to the host's own loops (<see cref="HostExecution"/>), unless
    /// <paramref name="kernelsOnCpu"/> asks for ILGPU's emulation of the GPU kernels there.
    /// </summary>
    internal Dispatcher(Accelerator accelerator, ILogger logger, bool kernelsOnCpu = false)
    {
        Accelerator = accelerator;
        kernels = new KernelExecution(accelerator, logger);
        execution = accelerator.AcceleratorType == AcceleratorType.CPU && !kernelsOnCpu ? new HostExecution(accelerator) : kernels;
    }

    /// <summary>The accelerator every op runs on.</summary>
    internal Accelerator Accelerator { get; }

    /// <summary>Whether ops run as host code (<see cref="HostExecution"/>) rather than as ILGPU kernels.</summary>
    internal bool OnHost => execution is HostExecution;

    /// <summary>How many kernel specialisations have been compiled and loaded so far (none on the host path).</summary>
    internal int LoadedKernelCount => kernels.LoadedCount;

    /// <summary>The kernel methods loaded so far (the kernel catalog's test compares them with <see cref="KernelCatalog"/>).</summary>
    internal IReadOnlyCollection<MethodInfo> LoadedKernels => kernels.LoadedMethods;

    /// <summary>
    /// Whether ILGPU compiles warp shuffles for this accelerator: on CUDA and the CPU accelerator,
    /// and on OpenCL only for Intel devices, since ILGPU 1.5's OpenCL backend emits them as Intel's
    /// sub-group functions and fails to compile them for any other vendor (the bench's
    /// <c>opencl</c> command checks every kernel both ways).
    /// </summary>
    internal bool Shuffles => AcceleratorSelection.Shuffles(Accelerator.AcceleratorType, (Accelerator as CLAccelerator)?.Vendor);

    /// <summary>
    /// Whether channels-first global pooling reduces each plane in a warp or group (warp shuffles,
    /// barriers: the GPU's kernel) or in one thread of the window kernel (as adaptive pooling to
    /// 1x1). The GPU's kernel by default where ILGPU compiles warp shuffles (<see cref="Shuffles"/>),
    /// except on ILGPU's CPU accelerator, which emulates a group's threads and pays for each
    /// shuffle and barrier as a synchronisation of host threads. Tests set it to run the GPU's
    /// kernel on the CPU accelerator as well; setting it where ILGPU cannot shuffle, or on the host
    /// path, which has no warps, is refused.
    /// </summary>
    internal bool ReducesPlanesInGroups
    {
        get => reducesPlanesInGroups ?? (Accelerator.AcceleratorType != AcceleratorType.CPU && Shuffles);
        set => reducesPlanesInGroups = !value || (Shuffles && !OnHost)
            ? value
            : throw new InvalidOperationException($"{(OnHost ? "The host path" : $"ILGPU's code for {Accelerator.AcceleratorType} '{Accelerator.Name}'")} has no warp shuffles: global pooling must reduce planes in one thread.");
    }

    /// <summary>
    /// Checks that <typeparamref name="T"/> is an element type the kernels pool, and that this
    /// device has what ILGPU needs to compile them over it (and, when
    /// <paramref name="computesInDouble"/>, in double: <see cref="DeviceCapabilities"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The type is not one of the nine.</exception>
    /// <exception cref="NotSupportedException">The device lacks a capability the type needs.</exception>
    internal void CheckElement<T>(string parameter, bool computesInDouble)
        where T : unmanaged
    {
        _ = Kernels<T>(parameter);
        var (float16, float64) = Accelerator.Capabilities is CLCapabilityContext cl ? (cl.Float16, cl.Float64) : (true, true);
        if (DeviceCapabilities.Missing(typeof(T), computesInDouble, float16, float64) is { } missing)
        {
            throw new NotSupportedException($"{parameter} holds {typeof(T).Name} values, but {Accelerator.AcceleratorType} device '{Accelerator.Name}' lacks {missing}.");
        }
    }

    /// <summary>Window max pooling of <paramref name="input"/> into <paramref name="values"/>, positions in <typeparamref name="TIndex"/>'s format.</summary>
    internal void MaxPool<T, TGeometry, TIndex>(DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat =>
        Kernels<T>().Max(execution, input, output, geometry, values, indices, stream);

    /// <summary>Window average pooling of <paramref name="input"/> into <paramref name="values"/>; a divisor override of 0 means none.</summary>
    internal void AvgPool<T, TGeometry>(DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry =>
        Floating<T>().Average(execution, input, output, geometry, values, divisorOverride, stream);

    /// <summary>Power-average pooling of <paramref name="input"/> into <paramref name="values"/>.</summary>
    internal void LpPool<T>(DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream)
        where T : unmanaged =>
        Floating<T>().PowerAverage(execution, input, output, geometry, values, norm, stream);

    /// <summary>The mean of each plane of <paramref name="input"/>: the plane kernel or the window kernel (<see cref="ReducesPlanesInGroups"/>).</summary>
    internal void GlobalMean<T>(DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream)
        where T : unmanaged
    {
        if (InPlaneTeams(input))
        {
            Floating<T>().PlaneMean(kernels, input, values, stream);
        }
        else
        {
            var output = Global(input);
            Floating<T>().Average(execution, input, output, new AdaptiveWindows(PoolShape.Of(input.Shape, output)), values, 0, stream);
        }
    }

    /// <summary>The max of each plane of <paramref name="input"/> and its position in <typeparamref name="TIndex"/>'s format.</summary>
    internal void GlobalMax<T, TIndex>(DeviceTensor<T> input, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where T : unmanaged
        where TIndex : struct, IMaxIndexFormat
    {
        if (InPlaneTeams(input))
        {
            Kernels<T>().PlaneMax(kernels, input, values, indices, stream);
        }
        else
        {
            var output = Global(input);
            Kernels<T>().Max(execution, input, output, new AdaptiveWindows(PoolShape.Of(input.Shape, output)), values, indices, stream);
        }
    }

    /// <summary>Max pooling backward into <paramref name="gradInput"/> from the positions in <typeparamref name="TIndex"/>'s format.</summary>
    internal void MaxBackward<T, TGeometry, TIndex>(DeviceTensor<T> gradOutput, TGeometry geometry, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat =>
        Floating<T>().MaxBackward(execution, gradOutput, geometry, indices, gradInput, stream);

    /// <summary>Average pooling backward into <paramref name="gradInput"/>.</summary>
    internal void AvgBackward<T, TGeometry>(DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry =>
        Floating<T>().AverageBackward(execution, gradOutput, geometry, divisorOverride, gradInput, stream);

    /// <summary>Power-average pooling backward into <paramref name="gradInput"/>, from the forward call's input and output.</summary>
    internal void LpBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged =>
        Floating<T>().PowerAverageBackward(execution, gradOutput, output, input, geometry, norm, gradInput, stream);

    /// <summary>
    /// Fractional max pooling of <paramref name="input"/> into <paramref name="values"/>, positions in
    /// <typeparamref name="TIndex"/>'s format, over windows from <paramref name="samples"/> or, when
    /// null, drawn from <paramref name="spec"/>'s seed.
    /// </summary>
    internal void FractionalMaxPool<T, TIndex>(
        DeviceTensor<T> input, TensorShape output, FractionalSpec spec, DeviceTensor<T>? samples, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where T : unmanaged
        where TIndex : struct, IMaxIndexFormat =>
        Floating<T>().FractionalMax(execution, input, output, spec, SamplesOr(samples, input), values, indices, stream);

    /// <summary>Fractional max pooling backward into <paramref name="gradInput"/>, over the forward's windows (its samples, or its seed when null).</summary>
    internal void FractionalMaxBackward<T, TIndex>(
        DeviceTensor<T> gradOutput, FractionalSpec spec, DeviceTensor<T>? samples, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
        where TIndex : struct, IMaxIndexFormat =>
        Floating<T>().FractionalMaxBackward(execution, gradOutput, spec, SamplesOr(samples, gradInput), indices, gradInput, stream);

    /// <summary>
    /// Compact indices of fractional windows drawn from <paramref name="spec"/>'s seed to PyTorch's
    /// form in <paramref name="torchIndices"/>. Drawn windows depend on the arithmetic only, not the
    /// element type: float32 computes those of fp32, fp16 and bf16 inputs.
    /// </summary>
    internal void FractionalToTorchIndices(WindowIndices compact, FractionalSpec spec, TensorLayout layout, DeviceTensor<long> torchIndices, AcceleratorStream? stream)
    {
        if (spec.InDouble)
        {
            Floating<double>().FractionalToTorchIndices(execution, compact, spec, layout, torchIndices.View, stream);
        }
        else
        {
            Floating<float>().FractionalToTorchIndices(execution, compact, spec, layout, torchIndices.View, stream);
        }
    }

    /// <summary>Compact indices of windows <paramref name="geometry"/> to PyTorch's form.</summary>
    internal void ToTorchIndices<TGeometry>(WindowIndices compact, PoolShape shape, TensorLayout layout, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry =>
        execution.IndexConversion(compact, shape, layout, geometry, torch, stream);

    /// <summary>Copies <paramref name="input"/>, contiguous or strided, into <paramref name="output"/>, contiguous with its logical shape in any layout.</summary>
    internal void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged => execution.ConvertLayout(input, output, stream);

    /// <summary>Max unpooling: <paramref name="output"/> is zero except at <paramref name="indices"/>, which get <paramref name="input"/>'s values.</summary>
    internal void Unpool<T>(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged => execution.Unpool(input, indices, output, stream);

    /// <summary>Max unpooling's backward: each input element gets the output gradient at its index.</summary>
    internal void UnpoolBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged => execution.UnpoolBackward(gradOutput, indices, gradInput, stream);

    /// <summary>The element index of the first of <paramref name="indices"/> outside <c>[0, planeLength)</c>, or -1; waits for the device.</summary>
    internal long FirstIndexOutside(DeviceTensor<long> indices, long planeLength) =>
        indices.Shape.Length == 0 ? -1 : execution.FirstIndexOutside(indices, planeLength);

    private static ElementKernels<T> Kernels<T>(string parameter = "input")
        where T : unmanaged =>
        ElementKernels<T>.Instance ?? throw new ArgumentException(
            $"Pooling.Gpu pools elements of type float, double, ILGPU.Half, Pooling.Gpu.BFloat16, sbyte, byte, short, int or long, not {typeof(T).FullName}.", parameter);

    /// <summary>The averaging and backward kernels of a floating type (the API refuses integer types for these ops first, with PyTorch's messages).</summary>
    private static IFloatingKernels<T> Floating<T>()
        where T : unmanaged =>
        Kernels<T>() as IFloatingKernels<T>
        ?? throw new NotSupportedException($"Pooling.Gpu max-pools {typeof(T).Name} tensors, forward only: this op takes floating point tensors.");

    /// <summary>The caller's samples, or an empty view of <paramref name="any"/>: the fractional windows' sign to draw their own.</summary>
    private static ArrayView<T> SamplesOr<T>(DeviceTensor<T>? samples, DeviceTensor<T> any)
        where T : unmanaged => samples?.View ?? any.View.SubView(0, 0);

    private static TensorShape Global<T>(DeviceTensor<T> input)
        where T : unmanaged => input.Shape.WithSpatial(1, 1, 1);

    /// <summary>Whether a global pooling of <paramref name="input"/> takes the plane kernel: channels-first, where <see cref="ReducesPlanesInGroups"/>.</summary>
    private bool InPlaneTeams<T>(DeviceTensor<T> input)
        where T : unmanaged => input.Shape.Layout == TensorLayout.ChannelsFirst && ReducesPlanesInGroups;
}
