using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// Compiles kernels to PTX for Hopper (sm_90) without a GPU, with ILGPU's own PTX backend and the
/// context settings an engine gets. PTX ISA 7.8 is what NVIDIA's offline ptxas 11.8 reads; on a
/// GPU, ILGPU picks the newest ISA the driver knows, which changes the header, not the code.
/// </summary>
internal sealed class PtxCompiler : IDisposable
{
    private readonly Context context = Context.Create(builder => builder.Cuda().Optimize(OptimizationLevel.O2));
    private readonly PTXBackend backend;

    internal PtxCompiler() =>
        backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90), CudaArchitecture.SM_90, CudaInstructionSet.ISA_78, null);

    /// <summary>The PTX of an explicitly grouped kernel method.</summary>
    internal string Compile(MethodInfo kernel)
    {
        var compiled = (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), default(KernelSpecialization));
        return compiled.PTXAssembly;
    }

    public void Dispose()
    {
        backend.Dispose();
        context.Dispose();
    }
}
