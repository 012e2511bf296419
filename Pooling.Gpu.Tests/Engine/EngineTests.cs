using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Choosing the accelerator, the caller's accelerator and buffers, streams, the kernel cache, threads.</summary>
public sealed class EngineTests
{
    [Test]
    public void TheOptionForcesTheCpuAccelerator()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        Assert.Multiple(() =>
        {
            Assert.That(engine.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
            Assert.That(engine.OwnsAccelerator, Is.True);
            Assert.That(engine.SelectionReason, Does.Contain("PoolingEngineOptions.Accelerator = Cpu"));
            Assert.That(engine.ToString(), Does.Contain(engine.DeviceName));
        });
    }

    [TestCase("cpu", AcceleratorPreference.Cpu)]
    [TestCase("CpuKernels", AcceleratorPreference.CpuKernels)]
    [TestCase(" CUDA ", AcceleratorPreference.Cuda)]
    [TestCase("OpenCL", AcceleratorPreference.OpenCL)]
    [TestCase("auto", AcceleratorPreference.Auto)]
    public void TheEnvironmentVariableForcesAnAccelerator(string value, AcceleratorPreference expected)
    {
        var (preference, source) = AcceleratorSelection.Resolve(new PoolingEngineOptions(), value);
        Assert.That(preference, Is.EqualTo(expected));
        Assert.That(source, Does.StartWith("POOLING_GPU_ACCELERATOR="));
    }

    [Test]
    public void TheOptionWinsOverTheEnvironmentVariable() =>
        Assert.That(AcceleratorSelection.Resolve(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu }, "cuda").Preference, Is.EqualTo(AcceleratorPreference.Cpu));

    [TestCase("gpu")]
    [TestCase("7")]
    public void AnUnknownEnvironmentValueIsAnError(string value) =>
        OptionValidationTests.AssertRejected(
            () => AcceleratorSelection.Resolve(new PoolingEngineOptions(), value), "environmentValue", $"POOLING_GPU_ACCELERATOR='{value}' is not one of: auto, cuda, opencl, cpu, cpukernels.");

    [Test]
    public void AutomaticChoicePrefersCudaThenOpenClThenCpu()
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        var (device, reason) = AcceleratorSelection.Choose(context, AcceleratorPreference.Auto, "automatic choice");
        Assert.That(device.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
        Assert.That(reason, Is.EqualTo("automatic choice: CPU (no Cuda or OpenCL device found)"));
    }

    [TestCase(AcceleratorPreference.Cuda, "Cuda", "it loads libcuda.so, nvcuda.dll on Windows, from the NVIDIA driver")]
    [TestCase(AcceleratorPreference.OpenCL, "OpenCL", "it loads libOpenCL.so, OpenCL.dll on Windows, and needs OpenCL 2.0, or 3.0 with the generic address space")]
    public void AForcedKindThatIsAbsentIsAClearError(AcceleratorPreference preference, string kind, string requirement)
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        var error = Assert.Throws<InvalidOperationException>(() => AcceleratorSelection.Choose(context, preference, "the test's preference"));
        Assert.That(error!.Message, Is.EqualTo($"the test's preference asks for {kind}, but this machine has no {kind} device that ILGPU can use ({requirement})."));
    }

    [Test]
    public void ACallersAcceleratorIsUsedAndNotDisposed()
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using (var engine = new PoolingEngine(accelerator))
        {
            Assert.That(engine.Accelerator, Is.SameAs(accelerator));
            Assert.That(engine.OwnsAccelerator, Is.False);
        }

        using var buffer = accelerator.Allocate1D<float>(4);
        Assert.That(buffer.Length, Is.EqualTo(4), "the accelerator still works after the engine is gone");
    }

    [Test]
    public void ResultsLandInTheCallersOwnBuffersWithoutACopy()
    {
        var engine = TestEngine.Instance;
        var shape = new TensorShape(2, 3, 8, 8);
        var x = TestData.Make(shape.Length, DataKind.Ties, 5);
        using var inputBuffer = engine.Accelerator.Allocate1D(x);
        using var outputBuffer = engine.Accelerator.Allocate1D(Enumerable.Repeat(Poison.Value, 2 * 3 * 4 * 4).ToArray());
        using var input = engine.Wrap(inputBuffer.View, shape);
        using var output = engine.Wrap(outputBuffer.View, new TensorShape(2, 3, 4, 4));

        engine.MaxPool(input, new MaxPool2dOptions(2), output);
        output.Dispose();

        var expected = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(shape, 2, 2, 0, 1, false), shape);
        Expect.ExactMax(outputBuffer.GetAsArray1D(), null, expected.Values, expected.Indices, "caller's buffer");
        Assert.That(input.OwnsBuffer, Is.False);
    }

    [Test]
    public void CallsOnACallersStreamRunInOrderAndCompleteOnSynchronize()
    {
        var engine = TestEngine.Instance;
        using var stream = engine.Accelerator.CreateStream();
        var shape = new TensorShape(4, 8, 15, 15);
        var x = TestData.Make(shape.Length, DataKind.Random, 9);
        using var input = engine.Upload<float>(x, shape);
        using var pooled = Poison.Values(engine, new TensorShape(4, 8, 7, 7));
        using var means = Poison.Values(engine, new TensorShape(4, 8, 1, 1));

        engine.AdaptiveAvgPool2d(input, 7, pooled, stream);
        engine.GlobalAvgPool2d(pooled, means, stream);
        stream.Synchronize();

        var expectedPooled = ReferencePooling.Average(x, ReferencePooling.Adaptive(shape, 7, 7), shape);
        Expect.CloseAverages(pooled.ToArray(), expectedPooled.Values, expectedPooled.Magnitudes, "adaptive on a stream");
        var expectedMeans = ReferencePooling.Average(pooled.ToArray(), ReferencePooling.Global(pooled.Shape), pooled.Shape);
        Expect.CloseAverages(means.ToArray(), expectedMeans.Values, expectedMeans.Magnitudes, "global on a stream, after the adaptive");
    }

    [Test]
    public void EachKernelIsLoadedOnceAndReused()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.CpuKernels });
        using var input = engine.Upload<float>(new float[2 * 3 * 6 * 6], new TensorShape(2, 3, 6, 6));
        using var output = engine.Allocate<float>(new TensorShape(2, 3, 3, 3));
        engine.MaxPool(input, new MaxPool2dOptions(2), output);
        Assert.That(engine.LoadedKernelCount, Is.EqualTo(1));
        engine.MaxPool(input, new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }, output);
        engine.AdaptiveMaxPool2d(input, 3, output);
        Assert.That(engine.LoadedKernelCount, Is.EqualTo(2), "options change arguments, not kernels; adaptive max is a new geometry");
        engine.AvgPool(input, new AvgPool2dOptions(2), output);
        engine.AvgPool(input, new AvgPool2dOptions(2) { CountIncludePad = false }, output);
        Assert.That(engine.LoadedKernelCount, Is.EqualTo(3));
    }

    [Test]
    public void ManyThreadsShareOneEngine()
    {
        var engine = TestEngine.Instance;
        var shape = new TensorShape(2, 4, 9, 9);
        var cases = Enumerable.Range(0, 16).Select(i => TestData.Make(shape.Length, DataKind.Special, 100 + i)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var options = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
            using var input = engine.Upload<float>(cases[i], shape);
            using var stream = engine.Accelerator.CreateStream();
            using var result = engine.MaxPoolWithIndices(input, options, stream);
            using var means = engine.GlobalAvgPool2d(input, stream);
            stream.Synchronize();
            var expected = ReferencePooling.Max(cases[i], ReferencePooling.MaxPool2d(shape, 3, 2, 1, 1, false), shape);
            if (!result.Indices.ToArray().SequenceEqual(expected.Indices))
            {
                failures.Add($"thread case {i}: indices differ");
            }
        });
        Assert.That(failures, Is.Empty);
    }
}
