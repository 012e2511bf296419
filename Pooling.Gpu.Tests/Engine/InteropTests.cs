using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Pooling.Gpu inside an ILGPU program: the program's buffers are wrapped, never copied, so
/// results land in them; the program's stream is enqueued on, never synchronized.
/// </summary>
public sealed class InteropTests
{
    private static readonly TensorShape Input = new(2, 3, 8, 8);
    private static readonly TensorShape Pooled = new(2, 3, 4, 4);
    private static readonly TensorShape Features = new(2, 3, 1, 1);

    [Test]
    public void BackwardWritesTheGradientIntoTheCallersBuffers()
    {
        var engine = TestEngine.Instance;
        var accelerator = engine.Accelerator;
        var x = TestData.Make(Input.Length, DataKind.Ties, 11);
        var g = TestData.Make(Pooled.Length, DataKind.Random, 12);
        var gFeatures = TestData.Make(Features.Length, DataKind.Random, 13);
        using var xBuffer = accelerator.Allocate1D(x);
        using var gBuffer = accelerator.Allocate1D(g);
        using var gFeaturesBuffer = accelerator.Allocate1D(gFeatures);
        using var pooledBuffer = accelerator.Allocate1D(Poisoned(Pooled.Length));
        using var indexBuffer = accelerator.Allocate1D(Enumerable.Repeat(Poison.Index, (int)Pooled.Length).ToArray());
        using var maxGradBuffer = accelerator.Allocate1D(Poisoned(Input.Length));
        using var avgGradBuffer = accelerator.Allocate1D(Poisoned(Input.Length));
        using var meanGradBuffer = accelerator.Allocate1D(Poisoned(Input.Length));

        var max = new MaxPool2dOptions(2);
        var average = new AvgPool2dOptions(2);
        using (var input = engine.Wrap(xBuffer.View, Input))
        using (var gradOutput = engine.Wrap(gBuffer.View, Pooled))
        using (var gradFeatures = engine.Wrap(gFeaturesBuffer.View, Features))
        using (var pooled = engine.Wrap(pooledBuffer.View, Pooled))
        using (var indices = engine.Wrap(indexBuffer.View, Pooled))
        using (var maxGrad = engine.Wrap(maxGradBuffer.View, Input))
        using (var avgGrad = engine.Wrap(avgGradBuffer.View, Input))
        using (var meanGrad = engine.Wrap(meanGradBuffer.View, Input))
        {
            engine.MaxPoolWithIndices(input, max, pooled, indices);
            engine.MaxPoolBackward(gradOutput, indices, max, maxGrad);
            engine.AvgPoolBackward(gradOutput, average, avgGrad);
            engine.GlobalAvgPool2dBackward(gradFeatures, meanGrad);
        }

        var forward = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(Input, 2, 2, 0, 1, false), Input);
        Expect.ExactMax(pooledBuffer.GetAsArray1D(), indexBuffer.GetAsArray1D(), forward.Values, forward.Indices, "max pool into the caller's buffers");
        var maxGradExpected = ReferencePooling.MaxBackward(g, forward.Indices, Input, Pooled);
        Expect.CloseAverages(maxGradBuffer.GetAsArray1D(), maxGradExpected.Values, maxGradExpected.Magnitudes, "max pool backward into the caller's buffer");
        var avgGradExpected = ReferencePooling.AverageBackward(g, ReferencePooling.AvgPool2d(Input, 2, 2, 0, false, true, null), Input);
        Expect.CloseAverages(avgGradBuffer.GetAsArray1D(), avgGradExpected.Values, avgGradExpected.Magnitudes, "avg pool backward into the caller's buffer");
        var meanGradExpected = ReferencePooling.AverageBackward(gFeatures, ReferencePooling.Global(Input), Input);
        Expect.CloseAverages(meanGradBuffer.GetAsArray1D(), meanGradExpected.Values, meanGradExpected.Magnitudes, "global avg pool backward into the caller's buffer");
    }

    [Test]
    public void LayersReadAndWriteTheCallersBuffers()
    {
        var engine = TestEngine.Instance;
        var accelerator = engine.Accelerator;
        var x = TestData.Make(Input.Length, DataKind.Random, 21);
        var gFeatures = TestData.Make(Features.Length, DataKind.Random, 22);
        using var xBuffer = accelerator.Allocate1D(x);
        using var gFeaturesBuffer = accelerator.Allocate1D(gFeatures);
        using var pooledBuffer = accelerator.Allocate1D(Poisoned(Pooled.Length));
        using var featuresBuffer = accelerator.Allocate1D(Poisoned(Features.Length));
        using var gPooledBuffer = accelerator.Allocate1D(Poisoned(Pooled.Length));
        using var gInputBuffer = accelerator.Allocate1D(Poisoned(Input.Length));

        using (var pool = new MaxPool2d<float>(engine, new MaxPool2dOptions(2)))
        using (var gap = new GlobalAvgPool2d<float>(engine))
        using (var input = engine.Wrap(xBuffer.View, Input))
        using (var pooled = engine.Wrap(pooledBuffer.View, Pooled))
        using (var features = engine.Wrap(featuresBuffer.View, Features))
        using (var gradFeatures = engine.Wrap(gFeaturesBuffer.View, Features))
        using (var gradPooled = engine.Wrap(gPooledBuffer.View, Pooled))
        using (var gradInput = engine.Wrap(gInputBuffer.View, Input))
        {
            pool.Forward(input, pooled);
            gap.Forward(pooled, features);
            gap.Backward(gradFeatures, gradPooled);
            pool.Backward(gradPooled, gradInput);
        }

        var pooledExpected = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(Input, 2, 2, 0, 1, false), Input);
        var pooledValues = pooledExpected.Values.Select(v => (float)v).ToArray();
        Expect.ExactMax(pooledBuffer.GetAsArray1D(), null, pooledExpected.Values, pooledExpected.Indices, "MaxPool2d layer into the caller's buffer");
        var featuresExpected = ReferencePooling.Average(pooledValues, ReferencePooling.Global(Pooled), Pooled);
        Expect.CloseAverages(featuresBuffer.GetAsArray1D(), featuresExpected.Values, featuresExpected.Magnitudes, "GlobalAvgPool2d layer into the caller's buffer");
        var gPooledExpected = ReferencePooling.AverageBackward(gFeatures, ReferencePooling.Global(Pooled), Pooled);
        var gPooled = gPooledBuffer.GetAsArray1D();
        Expect.CloseAverages(gPooled, gPooledExpected.Values, gPooledExpected.Magnitudes, "GlobalAvgPool2d backward into the caller's buffer");
        var gInputExpected = ReferencePooling.MaxBackward(gPooled, pooledExpected.Indices, Input, Pooled);
        Expect.CloseAverages(gInputBuffer.GetAsArray1D(), gInputExpected.Values, gInputExpected.Magnitudes, "MaxPool2d backward into the caller's buffer");
    }

    /// <summary>
    /// Every launch path (window forward, plane forward, window backward, max backward, index
    /// conversion) and both layer calls, given a stream, leave it unsynchronized. Counted on the
    /// CPU accelerator, where a stream can be subclassed; the GPU test below times the same promise.
    /// </summary>
    [Test]
    public void CallsGivenAStreamNeverSynchronizeIt()
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var engine = new PoolingEngine(accelerator);
        using var stream = new CountingStream(accelerator);
        var x = TestData.Make(Input.Length, DataKind.Random, 31);
        var max = new MaxPool2dOptions(2);
        using var input = engine.Upload<float>(x, Input);
        using var pooled = engine.Allocate<float>(Pooled);
        using var compact = engine.AllocateMaxPoolIndices(Input, max);
        using var torchIndices = engine.Allocate<long>(Pooled);
        using var gradInput = engine.Allocate<float>(Input);
        using var means = engine.Allocate<float>(Features);
        using var pool = new MaxPool2d<float>(engine, max);

        engine.MaxPool(input, max, pooled, compact, stream);
        engine.GlobalAvgPool2d(input, means, stream);
        engine.AvgPoolBackward(pooled, new AvgPool2dOptions(2), gradInput, stream);
        engine.MaxPoolBackward(pooled, compact, gradInput, stream);
        engine.ToTorchIndices(compact, torchIndices, stream);
        pool.Backward(pool.Forward(input, stream), stream);
        Assert.That(stream.Synchronizations, Is.Zero, "a call given a stream synchronized it");

        var expected = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(Input, 2, 2, 0, 1, false), Input);
        Assert.That(torchIndices.ToArray(), Is.EqualTo(expected.Indices).AsCollection, "the calls ran, in order");
    }

    /// <summary>
    /// On a GPU: a call enqueued behind a slow kernel of the caller's returns long before that
    /// kernel ends. Not on ILGPU's CPU accelerator, whose launches return only when they are done.
    /// </summary>
    [Test]
    public void ACallGivenABusyStreamReturnsWithoutWaitingForIt()
    {
        var engine = TestEngine.Instance;
        if (engine.AcceleratorType == AcceleratorType.CPU)
        {
            Assert.Ignore("ILGPU's CPU accelerator runs every launch to the end before returning, so a stream is never busy "
                + "when a call is made; CallsGivenAStreamNeverSynchronizeIt covers the CPU.");
        }

        var accelerator = engine.Accelerator;
        using var stream = accelerator.CreateStream();
        using var spinOut = accelerator.Allocate1D<long>(1);
        var spin = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<long>, long>(Spin);
        var max = new MaxPool2dOptions(2);
        var x = TestData.Make(Input.Length, DataKind.Random, 41);
        using var input = engine.Upload<float>(x, Input);
        using var pooled = Poison.Values(engine, Pooled);
        engine.MaxPool(input, max, pooled);

        // Calibrate the spin to last at least half a second on this device.
        long iterations = 1 << 20;
        TimeSpan spinTime;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            spin(stream, 1, spinOut.View, iterations);
            stream.Synchronize();
            spinTime = clock.Elapsed;
            if (spinTime >= TimeSpan.FromSeconds(0.5) || iterations > 1L << 40)
            {
                break;
            }

            iterations *= 2;
        }

        var total = Stopwatch.StartNew();
        spin(stream, 1, spinOut.View, iterations);
        var beforeCall = total.Elapsed;
        engine.MaxPool(input, max, pooled, stream);
        var call = total.Elapsed - beforeCall;
        stream.Synchronize();
        var all = total.Elapsed;

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.GreaterThan(spinTime / 2), "the stream was busy with the spin");
            Assert.That(call, Is.LessThan(spinTime / 4), $"the call took {call.TotalMilliseconds:F1} ms behind a {spinTime.TotalMilliseconds:F0} ms kernel: it waited");
        });
        var expected = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(Input, 2, 2, 0, 1, false), Input);
        Expect.ExactMax(pooled.ToArray(), null, expected.Values, expected.Indices, "max pool behind the spin");
    }

    /// <summary>A kernel that only takes time: a dependent chain of <paramref name="iterations"/> steps.</summary>
    private static void Spin(Index1D index, ArrayView<long> result, long iterations)
    {
        long value = index;
        for (long i = 0; i < iterations; i++)
        {
            value = value * 6364136223846793005L + 1442695040888963407L;
        }

        result[index] = value;
    }

    private static float[] Poisoned(long length) => Enumerable.Repeat(Poison.Value, (int)length).ToArray();
}
