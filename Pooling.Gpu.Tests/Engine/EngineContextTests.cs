using ILGPU;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The context an engine makes for itself: its optimisation level, profiling for the bench, a forced PTX instruction set.</summary>
public sealed class EngineContextTests
{
    private static readonly string Supported = string.Join(", ", PTXCodeGenerator.SupportedInstructionSets.Reverse());

    [TestCase(false)]
    [TestCase(true)]
    public void TheContextCompilesWithO2AndProfilesOnlyForTheBench(bool profiling)
    {
        using var context = AcceleratorSelection.CreateContext(AcceleratorPreference.Cpu, null, profiling);
        Assert.Multiple(() =>
        {
            Assert.That(context.Properties.OptimizationLevel, Is.EqualTo(OptimizationLevel.O2));
            Assert.That(context.Properties.EnableProfiling, Is.EqualTo(profiling));
        });
    }

    [TestCase("7.8", 7, 8)]
    [TestCase(" 8.0 ", 8, 0)]
    public void TheEnvironmentVariableForcesAnInstructionSet(string value, int major, int minor)
    {
        var forced = AcceleratorSelection.ResolveInstructionSet(new PoolingEngineOptions(), value);
        Assert.That(forced, Is.EqualTo(new ForcedInstructionSet(new CudaInstructionSet(major, minor), "POOLING_GPU_CUDA_ISA")));
    }

    [TestCase(null)]
    [TestCase(" ")]
    public void WithoutTheVariableOrTheOptionIlgpuChooses(string? value) =>
        Assert.That(AcceleratorSelection.ResolveInstructionSet(new PoolingEngineOptions(), value), Is.Null);

    [Test]
    public void TheOptionWinsOverTheEnvironmentVariable()
    {
        var options = new PoolingEngineOptions { CudaInstructionSet = CudaInstructionSet.ISA_80 };
        var forced = AcceleratorSelection.ResolveInstructionSet(options, "7.8");
        Assert.That(forced, Is.EqualTo(new ForcedInstructionSet(CudaInstructionSet.ISA_80, "PoolingEngineOptions.CudaInstructionSet")));
    }

    [TestCase("8")]
    [TestCase("7.8.1")]
    [TestCase("seven.eight")]
    [TestCase("-7.8")]
    [TestCase("9.9")]
    [TestCase("5.0")]
    public void AValueThatIsNoInstructionSetIlgpuGeneratesIsAnError(string value) =>
        OptionValidationTests.AssertRejected(
            () => AcceleratorSelection.ResolveInstructionSet(new PoolingEngineOptions(), value),
            "environmentValue",
            $"POOLING_GPU_CUDA_ISA='{value}' is not a PTX instruction set ILGPU generates: {Supported}.");

    [Test]
    public void AnOptionThatIsNoInstructionSetIlgpuGeneratesIsAnError() =>
        OptionValidationTests.AssertRejected(
            () => new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu, CudaInstructionSet = new CudaInstructionSet(9, 9) }),
            "options",
            $"PoolingEngineOptions.CudaInstructionSet = 9.9 is not a PTX instruction set ILGPU generates: {Supported}.");

    [Test]
    public void TheCpuAcceleratorIgnoresAForcedInstructionSet()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu, CudaInstructionSet = CudaInstructionSet.ISA_78 });
        Assert.Multiple(() =>
        {
            Assert.That(engine.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
            Assert.That(engine.SelectionReason, Is.EqualTo("PoolingEngineOptions.Accelerator = Cpu: CPU"));
        });
    }

    [Test]
    public void TheReasonNamesAnInstructionSetForcedOnACudaDevice()
    {
        var forced = new ForcedInstructionSet(CudaInstructionSet.ISA_78, "POOLING_GPU_CUDA_ISA");
        Assert.Multiple(() =>
        {
            Assert.That(
                AcceleratorSelection.Reason("automatic choice: Cuda", AcceleratorType.Cuda, forced),
                Is.EqualTo("automatic choice: Cuda, PTX ISA 7.8 (POOLING_GPU_CUDA_ISA)"));
            Assert.That(AcceleratorSelection.Reason("automatic choice: Cuda", AcceleratorType.Cuda, null), Is.EqualTo("automatic choice: Cuda"));
            Assert.That(AcceleratorSelection.Reason("automatic choice: OpenCL", AcceleratorType.OpenCL, forced), Is.EqualTo("automatic choice: OpenCL"));
        });
    }
}
