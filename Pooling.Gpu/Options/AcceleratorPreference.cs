namespace Pooling.Gpu;

/// <summary>Which kind of accelerator a <see cref="PoolingEngine"/> runs on.</summary>
public enum AcceleratorPreference
{
    /// <summary>The best one present: CUDA, then OpenCL, then the CPU accelerator.</summary>
    Auto,

    /// <summary>The first CUDA device; an error when there is none.</summary>
    Cuda,

    /// <summary>The first OpenCL device; an error when there is none.</summary>
    OpenCL,

    /// <summary>ILGPU's CPU accelerator (a multithreaded emulator of a GPU), present everywhere.</summary>
    Cpu,
}
