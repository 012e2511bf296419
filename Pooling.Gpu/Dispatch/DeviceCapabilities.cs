namespace Pooling.Gpu;

/// <summary>
/// The device capabilities ILGPU needs to compile an op's kernels: Float16 for Half elements
/// (OpenCL's cl_khr_fp16), Float64 for double elements and for lp_pool, which computes in double
/// whatever the element type (cl_khr_fp64). ILGPU tracks them for OpenCL devices only: CUDA
/// devices and the CPU accelerator compile both. An OpenCL device may lack either (NVIDIA's offers no cl_khr_fp16, many
/// integrated GPUs no cl_khr_fp64), and ILGPU would then fail at the kernel's first load with an
/// internal compiler error, its reason two exceptions deep. The engine refuses such a call first.
/// </summary>
internal static class DeviceCapabilities
{
    /// <summary>The capabilities kernels over <paramref name="element"/> need (computing in double when <paramref name="computesInDouble"/>).</summary>
    internal static (bool Float16, bool Float64) Required(Type? element, bool computesInDouble) =>
        (element == typeof(ILGPU.Half), element == typeof(double) || computesInDouble);

    /// <summary>
    /// What a device with the given capabilities lacks for kernels over <paramref name="element"/>
    /// (computing in double when <paramref name="computesInDouble"/>), as the end of a sentence; null when nothing.
    /// </summary>
    internal static string? Missing(Type element, bool computesInDouble, bool float16, bool float64)
    {
        var required = Required(element, computesInDouble);
        return required.Float16 && !float16 ? "ILGPU's Float16 capability (OpenCL's cl_khr_fp16), which kernels over ILGPU.Half need"
            : !required.Float64 || float64 ? null
            : element == typeof(double) ? "ILGPU's Float64 capability (OpenCL's cl_khr_fp64), which kernels over double need"
            : "ILGPU's Float64 capability (OpenCL's cl_khr_fp64), which lp_pool's kernels need: they compute in double";
    }
}
