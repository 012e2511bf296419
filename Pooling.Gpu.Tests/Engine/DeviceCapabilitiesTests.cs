using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>What a device must have for ILGPU to compile an op's kernels (DeviceCapabilities), case by case.</summary>
public sealed class DeviceCapabilitiesTests
{
    private const string Float16 = "ILGPU's Float16 capability (OpenCL's cl_khr_fp16), which kernels over ILGPU.Half need";
    private const string Float64 = "ILGPU's Float64 capability (OpenCL's cl_khr_fp64), which kernels over double need";
    private const string LpPool = "ILGPU's Float64 capability (OpenCL's cl_khr_fp64), which lp_pool's kernels need: they compute in double";

    [TestCase(typeof(ILGPU.Half), false, false, true, Float16)]
    [TestCase(typeof(ILGPU.Half), true, false, false, Float16)]
    [TestCase(typeof(ILGPU.Half), true, true, false, LpPool)]
    [TestCase(typeof(ILGPU.Half), false, true, false, null)]
    [TestCase(typeof(double), false, true, false, Float64)]
    [TestCase(typeof(double), true, false, false, Float64)]
    [TestCase(typeof(double), false, false, true, null)]
    [TestCase(typeof(float), true, true, false, LpPool)]
    [TestCase(typeof(BFloat16), true, false, false, LpPool)]
    [TestCase(typeof(float), false, false, false, null)]
    [TestCase(typeof(BFloat16), false, false, false, null)]
    [TestCase(typeof(float), true, false, true, null)]
    public void ADeviceWithoutWhatTheKernelsNeedIsNamed(Type element, bool computesInDouble, bool float16, bool float64, string? missing) =>
        Assert.That(DeviceCapabilities.Missing(element, computesInDouble, float16, float64), Is.EqualTo(missing));
}
