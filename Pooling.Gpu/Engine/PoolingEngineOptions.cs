namespace Pooling.Gpu;

/// <summary>How a <see cref="PoolingEngine"/> chooses its accelerator.</summary>
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
}
