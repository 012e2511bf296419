using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Nothing hidden per call: after a warm-up call, repeated calls on a tiny tensor (1x1x8x8) load
/// no kernel again, allocate nothing beyond ILGPU's own launch (on the host path, nothing at
/// all), and, given a stream, never synchronize it. Always on ILGPU's CPU accelerator, whatever
/// the test engine runs on, running its kernels or the host path. That an enqueued call returns
/// before a slow kernel ahead of it on the stream ends cannot be seen there (its launches run to
/// the end before returning): InteropTests times that on a GPU.
/// </summary>
public sealed class HostPathTests
{
    private const int Rounds = 100;

    /// <summary>Calls per allocation count: a per-call object (24 bytes at least) adds 4800 bytes.</summary>
    private const int MeasuredCalls = 200;

    /// <summary>
    /// The bytes a count of <see cref="MeasuredCalls"/> may exceed the bare launch's by: 4 per call.
    /// Measured: none, with the JIT's tiers and escape analysis on or off (the counts are equal to
    /// the byte); a rare one-off object (one of 24 bytes in 2000 calls, seen once) stays far below.
    /// </summary>
    private const long SlackBytes = 4 * MeasuredCalls;

    private static readonly string[] Ops = [.. TinyCalls.Names];

    private Context? context;
    private Accelerator? accelerator;

    private Accelerator Cpu => accelerator ?? throw new InvalidOperationException("Made in OneTimeSetUp.");

    [OneTimeSetUp]
    public void CreateAccelerator()
    {
        // The device an engine builds for CpuKernels (a thread per core): these tests count what a
        // call does besides its launches, not how the emulator runs them, and its launches are
        // several times cheaper than on ILGPU's default 16-thread device.
        context = Context.Create(builder => builder.CPU(AcceleratorSelection.MachineCpu));
        accelerator = context.CreateCPUAccelerator(0);
    }

    [OneTimeTearDown]
    public void DisposeAccelerator()
    {
        accelerator?.Dispose();
        context?.Dispose();
    }

    /// <summary>
    /// Three counts of kernel loads stay still over 100 rounds of every call, enqueued and
    /// synchronous: the engine's cache, its log, and the types ILGPU emits for each kernel it
    /// compiles and loads, which also count a compile that went around the engine's cache. (A load
    /// around it that ILGPU's own cache answers compiles nothing, but allocates: the allocation
    /// test below fails on it.)
    /// </summary>
    [Test]
    public void RepeatedCallsLoadNoKernelAgain()
    {
        var logger = new RecordingLogger();
        using var engine = new PoolingEngine(Cpu, logger, kernelsOnCpu: true);
        using var calls = new TinyCalls(engine);
        using var stream = Cpu.CreateStream();
        calls.RunAll(stream);
        calls.RunAll(null);
        stream.Synchronize();
        var runtime = RuntimeAssembly(Cpu);
        var warm = (Cache: engine.LoadedKernelCount, Log: logger.Named("KernelLoaded").Count, Ilgpu: runtime.GetTypes().Length);
        Assert.That(warm.Cache, Is.InRange(1, TinyCalls.Names.Count()), "the warm-up loaded the calls' kernels (some calls share one)");
        Assert.That(warm.Log, Is.EqualTo(warm.Cache), "each load is logged");

        for (int round = 0; round < Rounds; round++)
        {
            calls.RunAll(stream);
            calls.RunAll(null);
            if (round % 10 == 9)
            {
                // ILGPU's own cache holds kernels weakly: one that only it held is compiled again after this.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        stream.Synchronize();
        Assert.Multiple(() =>
        {
            Assert.That(engine.LoadedKernelCount, Is.EqualTo(warm.Cache), "kernels in the engine's cache");
            Assert.That(logger.Named("KernelLoaded"), Has.Count.EqualTo(warm.Log), "kernel loads logged");
            Assert.That(runtime.GetTypes(), Has.Length.EqualTo(warm.Ilgpu), "types ILGPU emitted for launches: a kernel was compiled again");
        });
    }

    /// <summary>
    /// Calls given a stream only enqueue: over 100 rounds of every call, the stream is never
    /// synchronized (counted on a stream of the CPU accelerator that counts; see CountingStream).
    /// </summary>
    [Test]
    public void RepeatedEnqueuedCallsNeverSynchronizeTheStream([Values] bool kernels)
    {
        using var engine = new PoolingEngine(Cpu, null, kernelsOnCpu: kernels);
        using var calls = new TinyCalls(engine);
        using var stream = new CountingStream(Cpu);
        for (int round = 0; round < Rounds; round++)
        {
            calls.RunAll(stream);
        }

        Assert.That(stream.Synchronizations, Is.Zero);
    }

    /// <summary>
    /// A call allocates no more managed memory than ILGPU's bare launch of the same kernel's
    /// argument types. On the CPU accelerator that launch allocates a task object holding the
    /// arguments (72 bytes and their size: 376 bytes for max pooling); everything of ours (checks,
    /// shapes, the cache lookup, the dispatch on the element type) allocates nothing. Counted on
    /// this thread, where the call runs: ILGPU's worker threads also allocate shared memory for
    /// grouped kernels (global pooling), which is ILGPU's and not counted here.
    /// </summary>
    [Test]
    public void ACallAllocatesNothingBeyondIlgpusLaunch([ValueSource(nameof(Ops))] string op, [Values] bool enqueued)
    {
        using var engine = new PoolingEngine(Cpu, null, kernelsOnCpu: true);
        using var calls = new TinyCalls(engine);
        using var stream = Cpu.CreateStream();
        var call = calls[op];
        var target = enqueued ? stream : null;
        call(target);
        var kernel = engine.Dispatch.LoadedKernels.Single();
        long ours = AllocatedBytes(() => call(target));
        stream.Synchronize();

        var parameters = kernel.GetParameters().Select(p => p.ParameterType).ToArray();
        var bare = typeof(HostPathTests).GetMethod(
            nameof(BareLaunchBytes), parameters.Length, BindingFlags.NonPublic | BindingFlags.Static, [typeof(Accelerator), typeof(AcceleratorStream), typeof(bool)])!;
        long ilgpu = (long)bare.MakeGenericMethod(parameters).Invoke(null, [Cpu, stream, !enqueued])!;

        Assert.That(ilgpu, Is.GreaterThan(0), "ILGPU's CPU launch allocates its task: the count sees allocations");
        Assert.That(
            ours - ilgpu,
            Is.LessThanOrEqualTo(SlackBytes),
            $"{op}: {ours / (double)MeasuredCalls:F1} bytes per call, ILGPU's bare launch of {KernelCatalog.NameOf(kernel)}'s arguments {ilgpu / (double)MeasuredCalls:F1}");
    }

    /// <summary>
    /// A call on the host path allocates nothing: a tiny call runs inline on the caller's thread,
    /// its scratch memory unmanaged (a thread-pool hand-off, for larger calls, allocates its tasks).
    /// </summary>
    [Test]
    public void AHostCallAllocatesNothing([ValueSource(nameof(Ops))] string op, [Values] bool enqueued)
    {
        using var engine = new PoolingEngine(Cpu);
        using var calls = new TinyCalls(engine);
        using var stream = Cpu.CreateStream();
        var call = calls[op];
        var target = enqueued ? stream : null;
        call(target);
        long bytes = AllocatedBytes(() => call(target));
        Assert.That(engine.Dispatch.OnHost, Is.True);
        Assert.That(bytes, Is.LessThanOrEqualTo(SlackBytes), $"{op}: {bytes / (double)MeasuredCalls:F1} bytes per call");
    }

    /// <summary>
    /// Bytes this thread allocates over <see cref="MeasuredCalls"/> calls, after ten more to warm
    /// up: the least of three counts. A per-call allocation is in every count; a one-off (3040
    /// bytes once, in one full test run on the 2-core VM, never when this class ran alone) is not.
    /// </summary>
    internal static long AllocatedBytes(Action call)
    {
        for (int i = 0; i < 10; i++)
        {
            call();
        }

        long least = long.MaxValue;
        for (int count = 0; count < 3; count++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < MeasuredCalls; i++)
            {
                call();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    private static long BareLaunchBytes<T1, T2>(Accelerator accelerator, AcceleratorStream stream, bool synchronize)
        where T1 : struct
        where T2 : struct
    {
        var launch = accelerator.LoadKernel<T1, T2>(Bare<T1, T2, byte, byte, byte>.Run2);
        var config = new KernelConfig(1, accelerator.WarpSize);
        return LaunchBytes(() => launch(stream, config, default, default), stream, synchronize);
    }

    private static long BareLaunchBytes<T1, T2, T3>(Accelerator accelerator, AcceleratorStream stream, bool synchronize)
        where T1 : struct
        where T2 : struct
        where T3 : struct
    {
        var launch = accelerator.LoadKernel<T1, T2, T3>(Bare<T1, T2, T3, byte, byte>.Run3);
        var config = new KernelConfig(1, accelerator.WarpSize);
        return LaunchBytes(() => launch(stream, config, default, default, default), stream, synchronize);
    }

    private static long BareLaunchBytes<T1, T2, T3, T4>(Accelerator accelerator, AcceleratorStream stream, bool synchronize)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        var launch = accelerator.LoadKernel<T1, T2, T3, T4>(Bare<T1, T2, T3, T4, byte>.Run4);
        var config = new KernelConfig(1, accelerator.WarpSize);
        return LaunchBytes(() => launch(stream, config, default, default, default, default), stream, synchronize);
    }

    private static long BareLaunchBytes<T1, T2, T3, T4, T5>(Accelerator accelerator, AcceleratorStream stream, bool synchronize)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        var launch = accelerator.LoadKernel<T1, T2, T3, T4, T5>(Bare<T1, T2, T3, T4, T5>.Run5);
        var config = new KernelConfig(1, accelerator.WarpSize);
        return LaunchBytes(() => launch(stream, config, default, default, default, default, default), stream, synchronize);
    }

    /// <summary>The bytes a bare launch allocates on this thread, synchronized after each launch or not.</summary>
    private static long LaunchBytes(Action launch, AcceleratorStream stream, bool synchronize) =>
        AllocatedBytes(() =>
        {
            launch();
            if (synchronize)
            {
                stream.Synchronize();
            }
        });

    /// <summary>
    /// The assembly into which ILGPU emits the launchers of this accelerator's context, and on the
    /// CPU accelerator a task type for each kernel it loads (other contexts have their own, which
    /// the GC collects once they are disposed).
    /// </summary>
    private static Assembly RuntimeAssembly(Accelerator accelerator) =>
        accelerator.LoadKernel<byte, byte, byte>(Bare<byte, byte, byte, byte, byte>.Run3).Method.Module.Assembly;

    /// <summary>Kernels that take the engine's kernels' argument types and do nothing.</summary>
    public static class Bare<T1, T2, T3, T4, T5>
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        public static void Run2(T1 a, T2 b)
        {
        }

        public static void Run3(T1 a, T2 b, T3 c)
        {
        }

        public static void Run4(T1 a, T2 b, T3 c, T4 d)
        {
        }

        public static void Run5(T1 a, T2 b, T3 c, T4 d, T5 e)
        {
        }
    }

    /// <summary>
    /// One call of each op family on a tiny tensor, into tensors made once: max pooling (plain,
    /// with PyTorch's indices, with compact indices, and through the layer), adaptive max pooling
    /// with compact indices, average, adaptive average and max, global average and max, the
    /// backward passes of max (both index forms) and average pooling, and the index conversion.
    /// </summary>
    private sealed class TinyCalls : IDisposable
    {
        private static readonly TensorShape Input = new(1, 1, 8, 8);
        private static readonly TensorShape Pooled = new(1, 1, 4, 4);
        private static readonly TensorShape Adapted = new(1, 1, 3, 3);
        private static readonly TensorShape Global = new(1, 1, 1, 1);
        private static readonly MaxPool2dOptions Max = new(2);
        private static readonly AvgPool2dOptions Avg = new(2);

        private readonly List<IDisposable> owned = [];
        private readonly Dictionary<string, Action<AcceleratorStream?>> calls;

        internal TinyCalls(PoolingEngine engine)
        {
            // Tensors belong to the accelerator: made by another engine, they leave this one's cache empty.
            using var setup = new PoolingEngine(engine.Accelerator);
            var input = Own(setup.Upload<float>(TestData.Make(Input.Length, DataKind.Random, 1), Input));
            var pooled = Own(setup.Allocate<float>(Pooled));
            var indices = Own(setup.Allocate<long>(Pooled));
            var adapted = Own(setup.Allocate<float>(Adapted));
            var global = Own(setup.Allocate<float>(Global));
            var gradOutput = Own(setup.Upload<float>(TestData.Make(Pooled.Length, DataKind.Random, 2), Pooled));
            var gradInput = Own(setup.Allocate<float>(Input));
            var compact = Own(setup.AllocateMaxPoolIndices(Input, Max));
            var adaptiveCompact = Own(setup.AllocateAdaptiveMaxPoolIndices(Input, (3, 3)));
            // In inference: a training forward call is kept until its backward, and these have none.
            var layer = Own(new Layers.MaxPool2d<float>(engine, Max) { Training = false });

            // Both index forms of one forward call, for the backward calls to read.
            setup.MaxPool(input, Max, pooled, compact);
            setup.MaxPoolWithIndices(input, Max, pooled, indices);

            calls = new()
            {
                ["max_pool2d"] = s => engine.MaxPool(input, Max, pooled, s),
                ["max_pool2d_with_indices"] = s => engine.MaxPoolWithIndices(input, Max, pooled, indices, s),
                ["max_pool2d_compact"] = s => engine.MaxPool(input, Max, pooled, compact, s),
                ["adaptive_max_pool2d_compact"] = s => engine.AdaptiveMaxPool2d(input, (3, 3), adapted, adaptiveCompact, s),
                ["max_pool2d_layer_forward"] = s => layer.Forward(input, pooled, s),
                ["avg_pool2d"] = s => engine.AvgPool(input, Avg, pooled, s),
                ["adaptive_avg_pool2d"] = s => engine.AdaptiveAvgPool2d(input, (3, 3), adapted, s),
                ["adaptive_max_pool2d"] = s => engine.AdaptiveMaxPool2d(input, (3, 3), adapted, s),
                ["global_avg_pool2d"] = s => engine.GlobalAvgPool2d(input, global, s),
                ["global_max_pool2d"] = s => engine.GlobalMaxPool2d(input, global, s),
                ["max_pool2d_backward"] = s => engine.MaxPoolBackward(gradOutput, indices, Max, gradInput, s),
                ["max_pool_backward_compact"] = s => engine.MaxPoolBackward(gradOutput, compact, gradInput, s),
                ["avg_pool2d_backward"] = s => engine.AvgPoolBackward(gradOutput, Avg, gradInput, s),
                ["to_torch_indices"] = s => engine.ToTorchIndices(compact, indices, s),
            };
        }

        internal static IEnumerable<string> Names =>
        [
            "max_pool2d", "max_pool2d_with_indices", "max_pool2d_compact", "adaptive_max_pool2d_compact", "max_pool2d_layer_forward", "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d", "global_avg_pool2d",
            "global_max_pool2d", "max_pool2d_backward", "max_pool_backward_compact", "avg_pool2d_backward", "to_torch_indices",
        ];

        internal Action<AcceleratorStream?> this[string name] => calls[name];

        internal void RunAll(AcceleratorStream? stream)
        {
            foreach (var call in calls.Values)
            {
                call(stream);
            }
        }

        public void Dispose() => owned.ForEach(o => o.Dispose());

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            owned.Add(disposable);
            return disposable;
        }
    }
}
