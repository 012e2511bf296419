using ILGPU;
using ILGPU.Runtime.CPU;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: an engine that made its accelerator disposes it, and with it the buffers of the
/// tensors and compact indices made on it. Reading such a tensor afterwards failed inside ILGPU
/// with a NullReferenceException; it is now an ObjectDisposedException that says why. A caller's
/// accelerator outlives the engine, and so do the tensors on it.
/// </summary>
public sealed class MemoryOfADisposedEngineTests
{
    private static readonly TensorShape Shape = new(1, 2, 4, 4);

    [Test]
    public void TensorsAndIndicesOfADisposedEngineAreRefusedAsDisposed()
    {
        var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        var tensor = engine.Upload<float>(new float[Shape.Length], Shape);
        var indices = engine.AllocateMaxPoolIndices(Shape, new MaxPool2dOptions(2));
        string gone = $"lives on CPU accelerator #{AcceleratorNames.Number(engine.Accelerator)} 'CPUAccelerator', which was disposed (as an engine disposes the accelerator it made).";
        engine.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ObjectDisposedException>(() => tensor.ToArray())!.Message, Does.StartWith($"This DeviceTensor<Single> of shape [1, 2, 4, 4] {gone}"));
            Assert.Throws<ObjectDisposedException>(() => tensor.CopyFrom(new float[Shape.Length]));
            Assert.Throws<ObjectDisposedException>(() => _ = tensor.View);
            Assert.That(
                Assert.Throws<ObjectDisposedException>(() => TestEngine.Instance.GlobalAvgPool2d(tensor))!.Message, Does.StartWith($"input (DeviceTensor<Single> of shape [1, 2, 4, 4]) {gone}"));
            Assert.That(Assert.Throws<ObjectDisposedException>(() => _ = indices.Bytes)!.Message, Does.StartWith($"This MaxPoolIndices for [1, 2, 4, 4] -> [1, 2, 2, 2] {gone}"));
        });
        Assert.DoesNotThrow(tensor.Dispose, "disposing what is left stays safe");
        Assert.DoesNotThrow(indices.Dispose);
    }

    [Test]
    public void TensorsOnACallersAcceleratorOutliveTheEngine()
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        DeviceTensor<float> tensor;
        using (var engine = new PoolingEngine(accelerator))
        {
            tensor = engine.Upload<float>([1, 2, 3, 4], new TensorShape(1, 1, 2, 2));
        }

        using (tensor)
        {
            Assert.That(tensor.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        }
    }
}
