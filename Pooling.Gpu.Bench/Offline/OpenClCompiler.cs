using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// Compiles kernels to OpenCL C with ILGPU's own OpenCL backend, without a device, for OpenCL 2.0
/// devices (64-bit atomics, sub-groups and the generic address space, which ILGPU needs; fp16 and
/// fp64 as asked) with the context settings an engine gets. The vendor matters only for warp
/// shuffles, which ILGPU emits as Intel's sub-group functions and for no other vendor.
/// </summary>
internal sealed class OpenClCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.OpenCL().Optimize(OptimizationLevel.O2));
    private readonly Dictionary<(CLDeviceVendor, bool, bool), CLBackend> backends = [];

    /// <summary>
    /// The OpenCL C source of an explicitly grouped kernel method, as ILGPU generates it for a
    /// device of <paramref name="vendor"/> with or without the Float16 and Float64 capabilities.
    /// </summary>
    internal string Compile(MethodInfo kernel, CLDeviceVendor vendor, bool float16, bool float64)
    {
        if (!backends.TryGetValue((vendor, float16, float64), out var backend))
        {
            var capabilities = new CLCapabilityContext(float16: float16, float64: float64, int64_Atomics: true, subGroups: true, genericAddressSpace: true);
            backends[(vendor, float16, float64)] = backend = new CLBackend(context, capabilities, vendor, CLCVersion.CL20);
        }

        var compiled = (CLCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default(KernelSpecialization));
        return compiled.Source;
    }

    public void Dispose()
    {
        foreach (var backend in backends.Values)
        {
            backend.Dispose();
        }

        context.Dispose();
    }
}
