using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The engine every test shares, made once for the run: the best accelerator present, or the one
/// POOLING_GPU_ACCELERATOR forces (the CPU accelerator in CI; CUDA on a GPU machine).
/// </summary>
[SetUpFixture]
public sealed class TestEngine
{
    private static PoolingEngine? engine;

    public static PoolingEngine Instance => engine ?? throw new InvalidOperationException("The test engine is made by the SetUpFixture.");

    [OneTimeSetUp]
    public void Create()
    {
        // The GPU's global pooling kernel on every accelerator ILGPU compiles its shuffles for, the CPU
        // one included (see ReducesPlanesInGroups), so that the differential tests check the kernel a GPU runs.
        engine = new PoolingEngine();
        engine.Dispatch.ReducesPlanesInGroups = engine.Dispatch.Shuffles;
        TestContext.Progress.WriteLine($"Tests run on {engine}");
    }

    [OneTimeTearDown]
    public void Dispose() => engine?.Dispose();
}
