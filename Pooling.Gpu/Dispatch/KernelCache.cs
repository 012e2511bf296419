using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>
/// Loaded kernels of one accelerator, each compiled once on first use and kept for the engine's
/// life (ILGPU's own cache holds only weak references). Safe to use from many threads; a
/// cache hit allocates nothing. Each load is logged once, with its duration.
/// </summary>
/// <remarks>
/// On OpenCL each kernel's launches take a lock: ILGPU sets an OpenCL kernel's arguments on the
/// kernel object (clSetKernelArg, which OpenCL does not make thread-safe) and enqueues it in a
/// second call, so two threads launching one kernel at once could run it with each other's
/// arguments. The lock is held while enqueueing, not while the kernel runs. CUDA launches pass
/// their arguments with the call and need none.
/// </remarks>
internal sealed class KernelCache(Accelerator accelerator, ILogger logger)
{
    private readonly ConcurrentDictionary<MethodInfo, Lazy<Delegate>> launchers = new();
    private readonly bool serializesLaunches = accelerator.AcceleratorType == AcceleratorType.OpenCL;

    /// <summary>How many kernels have been loaded so far.</summary>
    internal int LoadedCount => launchers.Count(entry => entry.Value.IsValueCreated);

    /// <summary>The kernel methods loaded so far.</summary>
    internal IReadOnlyCollection<MethodInfo> LoadedMethods => [.. launchers.Where(entry => entry.Value.IsValueCreated).Select(entry => entry.Key)];

    /// <summary>The stream launcher of a two-argument kernel (an element kernel: its struct and its step).</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2> Get<T1, T2>(Action<T1, T2> kernel)
        where T1 : struct
        where T2 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2>)Get(kernel, static (acc, k, gate) =>
        {
            var launch = acc.LoadKernel((Action<T1, T2>)k);
            return gate is null ? launch : (s, c, a1, a2) => { lock (gate) { launch(s, c, a1, a2); } };
        });

    /// <summary>The stream launcher of a three-argument kernel.</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2, T3> Get<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2, T3>)Get(kernel, static (acc, k, gate) =>
        {
            var launch = acc.LoadKernel((Action<T1, T2, T3>)k);
            return gate is null ? launch : (s, c, a1, a2, a3) => { lock (gate) { launch(s, c, a1, a2, a3); } };
        });

    /// <summary>The stream launcher of a four-argument kernel.</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4> Get<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4>)Get(kernel, static (acc, k, gate) =>
        {
            var launch = acc.LoadKernel((Action<T1, T2, T3, T4>)k);
            return gate is null ? launch : (s, c, a1, a2, a3, a4) => { lock (gate) { launch(s, c, a1, a2, a3, a4); } };
        });

    /// <summary>The stream launcher of a five-argument kernel.</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5> Get<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5>)Get(kernel, static (acc, k, gate) =>
        {
            var launch = acc.LoadKernel((Action<T1, T2, T3, T4, T5>)k);
            return gate is null ? launch : (s, c, a1, a2, a3, a4, a5) => { lock (gate) { launch(s, c, a1, a2, a3, a4, a5); } };
        });

    private Delegate Get(Delegate kernel, Func<Accelerator, Delegate, object?, Delegate> load) =>
        launchers.GetOrAdd(
            kernel.Method,
            static (_, state) => new Lazy<Delegate>(() => state.cache.Load(state.kernel, state.load), LazyThreadSafetyMode.ExecutionAndPublication),
            (cache: this, kernel, load)).Value;

    /// <summary>
    /// Compiles and loads a kernel (runs once per kernel: the <see cref="Lazy{T}"/> above guards
    /// it); <paramref name="load"/> gets the kernel's lock where its launches need one.
    /// </summary>
    private Delegate Load(Delegate kernel, Func<Accelerator, Delegate, object?, Delegate> load)
    {
        long start = Stopwatch.GetTimestamp();
        var launcher = load(accelerator, kernel, serializesLaunches ? new object() : null);
        Log.KernelLoaded(logger, KernelCatalog.NameOf(kernel.Method), Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return launcher;
    }

}
