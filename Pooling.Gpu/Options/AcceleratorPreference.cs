namespace Pooling.Gpu;

/// <summary>Which kind of accelerator a <see cref="PoolingEngine"/> runs on.</summary>
public enum AcceleratorPreference
{
    /// <summary>The best one present: CUDA, then OpenCL, then the CPU (<see cref="Cpu"/>).</summary>
    Auto,

    /// <summary>The first CUDA device; an error when there is none.</summary>
    Cuda,

    /// <summary>The first OpenCL device; an error when there is none.</summary>
    OpenCL,

    /// <summary>
    /// The CPU, present everywhere: ops run as .NET code on the host's cores, multithreaded and
    /// vectorised, over the host memory of an ILGPU CPU accelerator, with the same results as the kernels.
    /// </summary>
    Cpu,

    /// <summary>
    /// ILGPU's CPU accelerator running the GPU kernels themselves (an emulator of a GPU, many times
    /// slower than <see cref="Cpu"/>): for checking kernel code on a machine without a GPU.
    /// </summary>
    CpuKernels,
}
