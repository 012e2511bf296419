using System.Reflection;
using ILGPU.Runtime;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: the forms that return a new tensor allocated it before the stream was checked, so
/// a call given a stream of another accelerator was refused but left its output allocated. Now
/// the output is freed when anything after its allocation throws.
/// </summary>
public sealed class RefusedAllocatingCallTests
{
    private static readonly TensorShape Shape = new(1, 2, 6, 6);

    private static IEnumerable<TestCaseData> Calls =>
        new (string Name, Action<PoolingEngine, DeviceTensor<float>, AcceleratorStream> Call)[]
        {
            ("MaxPool2d", (e, x, s) => e.MaxPool(x, new MaxPool2dOptions(2), s)),
            ("MaxPool2dWithIndices", (e, x, s) => e.MaxPoolWithIndices(x, new MaxPool2dOptions(2), s)),
            ("AvgPool2d", (e, x, s) => e.AvgPool(x, new AvgPool2dOptions(2), s)),
            ("AdaptiveMaxPool2dWithIndices", (e, x, s) => e.AdaptiveMaxPool2dWithIndices(x, 3, s)),
            ("GlobalAvgPool2d", (e, x, s) => e.GlobalAvgPool2d(x, s)),
            ("ToLayout", (e, x, s) => e.ToLayout(x, TensorLayout.ChannelsLast, s)),
        }.Select(c => new TestCaseData(c.Call).SetName($"{c.Name} with a foreign stream frees its output"));

    [TestCaseSource(nameof(Calls))]
    public void FreesTheOutputItAllocated(Action<PoolingEngine, DeviceTensor<float>, AcceleratorStream> call)
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        using var other = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        using var foreignStream = other.Accelerator.CreateStream();
        using var input = engine.Upload<float>(new float[Shape.Length], Shape);
        int before = LiveBuffers(engine.Accelerator);

        Assert.Throws<ArgumentException>(() => call(engine, input, foreignStream));

        Assert.That(LiveBuffers(engine.Accelerator), Is.EqualTo(before), "buffers left alive by the refused call");
    }

    /// <summary>The accelerator's live memory buffers (ILGPU tracks them as child objects; the enumeration is not public).</summary>
    private static int LiveBuffers(Accelerator accelerator)
    {
        int count = 0;
        var forEach = typeof(Accelerator).GetMethod("ForEachChildObject", BindingFlags.Instance | BindingFlags.NonPublic)!.MakeGenericMethod(typeof(MemoryBuffer));
        forEach.Invoke(accelerator, [new Action<MemoryBuffer>(buffer => count += buffer.IsDisposed ? 0 : 1)]);
        return count;
    }
}
