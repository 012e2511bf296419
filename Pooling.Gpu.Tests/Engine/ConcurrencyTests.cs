using System.Collections.Concurrent;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One engine shared by many threads, on the host path and on ILGPU's kernels: the first use of a
/// kernel from many threads at once gives every caller a correct result (that it is loaded once, DiagnosticsTests counts in the log);
/// every op runs from many threads, on the default stream or each thread's own; an idle engine
/// disposes safely, and once disposed it is refused. EngineTests has the basic case (max pooling
/// on four threads).
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;

    [Test]
    public void ManyThreadsCallingANeverLoadedOpAtOnceAllGetTheirResult()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.CpuKernels });
        var shape = new TensorShape(2, 3, 11, 9);
        var inputs = Enumerable.Range(0, Threads).Select(i => TestData.Make(shape.Length, DataKind.Special, 40 + i)).ToArray();
        var results = new float[Threads][];
        using var start = new Barrier(Threads);
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i =>
        {
            using var input = engine.Upload<float>(inputs[i], shape);
            start.SignalAndWait();
            using var output = engine.AdaptiveAvgPool2d(input, (4, 5));
            results[i] = output.ToArray();
        });

        Assert.That(engine.LoadedKernelCount, Is.EqualTo(1));
        for (int i = 0; i < Threads; i++)
        {
            var expected = ReferencePooling.Average(inputs[i], ReferencePooling.Adaptive(shape, 4, 5), shape);
            Expect.CloseAverages(results[i], expected.Values, expected.Magnitudes, $"thread {i}");
        }
    }

    [Test]
    public void EveryOpForwardAndBackwardFromManyThreadsAtOnce([Values(AcceleratorPreference.Cpu, AcceleratorPreference.CpuKernels)] AcceleratorPreference preference)
    {
        // Cases of every op, forward and backward in both index forms, each thread taking every
        // Threads-th, so each thread meets every op: kernels of every kind are loaded for the first
        // time by racing threads.
        var cases = PlaneCases.All.GroupBy(c => c.Op.TorchOp).SelectMany(op => op.Where((_, i) => i % 5 == 0).Take(Threads)).ToList();
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = preference });
        var failures = new ConcurrentBag<string>();
        using var start = new Barrier(Threads);
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            start.SignalAndWait();
            foreach (var c in cases.Where((_, i) => i % Threads == thread))
            {
                try
                {
                    PoolChecks.AgainstReference(c, engine);
                }
                catch (Exception e)
                {
                    failures.Add($"{c.Name}: {e.Message}");
                }
            }
        });
        Assert.That(failures, Is.Empty);
        Assert.That(cases.Select(c => c.Op.TorchOp).Distinct().Count(), Is.EqualTo(6), "every 2D op ran");

        using var serial = new PoolingEngine(new PoolingEngineOptions { Accelerator = preference });
        cases.ForEach(c => PoolChecks.AgainstReference(c, serial));
        Assert.That(engine.LoadedKernelCount, Is.EqualTo(serial.LoadedKernelCount), "racing threads loaded each kernel once, as one thread does");
    }

    [Test]
    public void EachThreadOnItsOwnStreamForwardAndBackward([Values] bool kernels)
    {
        var engine = kernels ? TestEngine.Kernels : TestEngine.Instance;
        var shape = new TensorShape(2, 3, 9, 8);
        var max = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
        var avg = new AvgPool2dOptions(3) { Stride = 2, Padding = 1, CountIncludePad = false };
        var output = max.OutputShape(shape);
        var failures = new ConcurrentBag<string>();
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i =>
        {
            var x = TestData.Make(shape.Length, i % 2 == 0 ? DataKind.Special : DataKind.Ties, 200 + i);
            var g = TestData.Make(output.Length, DataKind.Random, 300 + i);
            using var stream = engine.Accelerator.CreateStream();
            using var input = engine.Upload<float>(x, shape);
            using var gradOutput = engine.Upload<float>(g, output);
            using var values = engine.Allocate<float>(output);
            using var indices = engine.AllocateMaxPoolIndices(shape, max);
            using var maxGrad = engine.Allocate<float>(shape);
            using var avgGrad = engine.Allocate<float>(shape);
            engine.MaxPool(input, max, values, indices, stream);
            engine.MaxPoolBackward(gradOutput, indices, maxGrad, stream);
            engine.AvgPoolBackward(gradOutput, avg, avgGrad, stream);
            stream.Synchronize();
            try
            {
                var forward = MaxPoolOp.Of(max).Reference(x, shape);
                Expect.ExactMax(values.ToArray(), null, forward.Values, forward.Indices, $"thread {i} forward");
                var expectedMax = ReferencePooling.MaxBackward(g, forward.Indices, shape, output);
                Expect.CloseAverages(maxGrad.ToArray(), expectedMax.Values, expectedMax.Magnitudes, $"thread {i} max backward");
                var expectedAvg = AvgPoolOp.Of(avg).ReferenceBackward(x, g, shape);
                Expect.CloseAverages(avgGrad.ToArray(), expectedAvg.Values, expectedAvg.Magnitudes, $"thread {i} avg backward");
            }
            catch (Exception e)
            {
                failures.Add(e.Message);
            }
        });
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void CallsOnSeveralStreamsFromOneThreadCompleteWhenEachIsSynchronized()
    {
        var engine = TestEngine.Instance;
        var shape = new TensorShape(3, 2, 12, 12);
        var streams = Enumerable.Range(0, 4).Select(_ => engine.Accelerator.CreateStream()).ToList();
        var data = streams.Select((_, i) => TestData.Make(shape.Length, DataKind.Random, 500 + i)).ToList();
        var inputs = data.Select(x => engine.Upload<float>(x, shape)).ToList();
        var outputs = streams.Select(_ => Poison.Values(engine, shape.WithSpatial(1, 1))).ToList();
        try
        {
            // Enqueue on every stream before waiting for any.
            for (int i = 0; i < streams.Count; i++)
            {
                engine.GlobalAvgPool2d(inputs[i], outputs[i], streams[i]);
            }

            streams.ForEach(s => s.Synchronize());
            for (int i = 0; i < streams.Count; i++)
            {
                var expected = ReferencePooling.Average(data[i], ReferencePooling.Global(shape), shape);
                Expect.CloseAverages(outputs[i].ToArray(), expected.Values, expected.Magnitudes, $"stream {i}");
            }
        }
        finally
        {
            inputs.Concat(outputs).ToList().ForEach(t => t.Dispose());
            streams.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public void AnIdleEngineDisposesSafelyAndIsThenRefused()
    {
        var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        var shape = new TensorShape(1, 2, 6, 6);
        var layer = new Pooling.Gpu.Layers.MaxPool2d<float>(engine, new MaxPool2dOptions(2));
        using (var input = engine.Upload<float>(TestData.Make(shape.Length, DataKind.Random, 9), shape))
        {
            Parallel.For(0, Threads, _ =>
            {
                using var output = engine.GlobalMaxPool2d(input);
            });
            layer.Forward(input);
        }

        Assert.DoesNotThrow(engine.Dispose);
        Assert.DoesNotThrow(engine.Dispose, "a second Dispose does nothing");
        using var other = TestEngine.Instance.Allocate<float>(shape);
        Assert.Throws<ObjectDisposedException>(() => engine.GlobalMaxPool2d(other));
        Assert.Throws<ObjectDisposedException>(() => layer.Forward(other));
        Assert.DoesNotThrow(layer.Dispose, "a layer whose engine is gone still disposes");
        Assert.DoesNotThrow(layer.Dispose);
    }
}
