using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// Compiles kernels to OpenCL C with ILGPU's own OpenCL backend, without a device, for OpenCL 2.0
/// devices with every capability ILGPU asks about (fp16, fp64, 64-bit atomics, sub-groups, the
/// generic address space) and the context settings an engine gets. The vendor matters only for
/// warp shuffles, which ILGPU emits as Intel's sub-group functions and for no other vendor.
/// </summary>
internal sealed class OpenClCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.OpenCL().Optimize(OptimizationLevel.O2));
    private readonly Dictionary<CLDeviceVendor, CLBackend> backends = [];

    /// <summary>The OpenCL C source of an explicitly grouped kernel method, as ILGPU generates it for a device of <paramref name="vendor"/>.</summary>
    internal string Compile(MethodInfo kernel, CLDeviceVendor vendor)
    {
        if (!backends.TryGetValue(vendor, out var backend))
        {
            backends[vendor] = backend = new CLBackend(context, new CLCapabilityContext(true, true, true, true, true), vendor, CLCVersion.CL20);
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
