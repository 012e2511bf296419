using ILGPU.Runtime.Cuda;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>How a <see cref="PoolingEngine"/> chooses its accelerator, and where it logs.</summary>
public sealed record PoolingEngineOptions
{
    /// <summary>
    /// The environment variable that forces an accelerator when <see cref="Accelerator"/> is
    /// <see cref="AcceleratorPreference.Auto"/>: <c>cpu</c>, <c>cpukernels</c>, <c>cuda</c>, <c>opencl</c> or <c>auto</c>.
    /// </summary>
    public const string EnvironmentVariable = "POOLING_GPU_ACCELERATOR";

    /// <summary>
    /// The accelerator to use. <see cref="AcceleratorPreference.Auto"/> (the default) defers to
    /// <see cref="EnvironmentVariable"/> when it is set, and otherwise picks CUDA, then OpenCL,
    /// then the CPU.
    /// </summary>
    public AcceleratorPreference Accelerator { get; init; } = AcceleratorPreference.Auto;

    /// <summary>
    /// The environment variable that sets the PTX instruction set of the CUDA kernels when
    /// <see cref="CudaInstructionSet"/> is null: <c>major.minor</c>, e.g. <c>7.8</c>.
    /// </summary>
    public const string CudaInstructionSetVariable = "POOLING_GPU_CUDA_ISA";

    /// <summary>
    /// The PTX instruction set the CUDA kernels are generated in. Null (the default) defers to
    /// <see cref="CudaInstructionSetVariable"/> when it is set, and otherwise lets ILGPU pick the
    /// newest one it generates that the driver accepts. Set it where that choice fails: a
    /// driver newer than ILGPU knows that refuses the kernels' PTX when they load, or a device
    /// ILGPU leaves out because it finds no instruction set for it. It must be one ILGPU
    /// generates (<see cref="ILGPU.Backends.PTX.PTXCodeGenerator.SupportedInstructionSets"/>:
    /// 6.0 to 8.8 in ILGPU 1.5.3) and at least the one the device's architecture needs (7.8 for
    /// sm_90); the CPU and OpenCL accelerators ignore it.
    /// </summary>
    public CudaInstructionSet? CudaInstructionSet { get; init; }

    /// <summary>
    /// Receives the engine's diagnostics: the accelerator and why it was chosen (Information,
    /// once), and each kernel's compile-and-load time (Debug, once per kernel). Null (the
    /// default): nothing is logged. The library never writes to the console.
    /// </summary>
    public ILogger? Logger { get; init; }
}
