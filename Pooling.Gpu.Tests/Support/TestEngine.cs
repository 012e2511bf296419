using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The engines every test shares, made once for the run. <see cref="Instance"/> is what a user
/// gets: the best accelerator present, or the one POOLING_GPU_ACCELERATOR forces; on a machine
/// without a GPU, the CPU's host path, so that the differential tests check the code that ships
/// there. <see cref="Kernels"/> runs ILGPU's kernels: the test engine itself where it runs them
/// (a GPU), else ILGPU's CPU accelerator with its default device (warps of 4 lanes, 4 warps to a
/// group), so that the tests of kernel code run its grid loops, warp shuffles and group barriers.
/// </summary>
[SetUpFixture]
public sealed class TestEngine
{
    private static PoolingEngine? engine;
    private static PoolingEngine? kernels;
    private static Context? kernelContext;
    private static Accelerator? kernelAccelerator;

    public static PoolingEngine Instance => engine ?? throw new InvalidOperationException("The test engine is made by the SetUpFixture.");

    public static PoolingEngine Kernels => kernels ?? throw new InvalidOperationException("The kernel engine is made by the SetUpFixture.");

    [OneTimeSetUp]
    public void Create()
    {
        engine = new PoolingEngine();
        if (engine.Dispatch.OnHost)
        {
            kernelContext = Context.Create(builder => builder.DefaultCPU().Optimize(OptimizationLevel.O2));
            kernelAccelerator = kernelContext.CreateCPUAccelerator(0);
            kernels = new PoolingEngine(kernelAccelerator, null, kernelsOnCpu: true);
        }
        else
        {
            kernels = engine;
        }

        // The GPU's global pooling kernel on every accelerator ILGPU compiles its shuffles for, the CPU
        // one included (see ReducesPlanesInGroups), so that the tests check the kernel a GPU runs.
        kernels.Dispatch.ReducesPlanesInGroups = kernels.Dispatch.Shuffles;
        TestContext.Progress.WriteLine($"Tests run on {engine}{(engine.Dispatch.OnHost ? ", host path" : "")}; kernel tests on {kernels}");
    }

    [OneTimeTearDown]
    public void Dispose()
    {
        if (kernels != engine)
        {
            kernels?.Dispose();
        }

        engine?.Dispose();
        kernelAccelerator?.Dispose();
        kernelContext?.Dispose();
    }
}
