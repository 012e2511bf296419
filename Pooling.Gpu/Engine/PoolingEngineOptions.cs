using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>How a <see cref="PoolingEngine"/> chooses its accelerator, and where it logs.</summary>
public sealed record PoolingEngineOptions
{
    /// <summary>
    /// The environment variable that forces an accelerator when <see cref="Accelerator"/> is
    /// <see cref="AcceleratorPreference.Auto"/>: <c>cpu</c>, <c>cuda</c>, <c>opencl</c> or <c>auto</c>.
    /// </summary>
    public const string EnvironmentVariable = "POOLING_GPU_ACCELERATOR";

    /// <summary>
    /// The accelerator to use. <see cref="AcceleratorPreference.Auto"/> (the default) defers to
    /// <see cref="EnvironmentVariable"/> when it is set, and otherwise picks CUDA, then OpenCL,
    /// then the CPU accelerator.
    /// </summary>
    public AcceleratorPreference Accelerator { get; init; } = AcceleratorPreference.Auto;

    /// <summary>
    /// Receives the engine's diagnostics: the accelerator and why it was chosen (Information,
    /// once), and each kernel's compile-and-load time (Debug, once per kernel). Null (the
    /// default): nothing is logged. The library never writes to the console.
    /// </summary>
    public ILogger? Logger { get; init; }
}
