using System.Collections.Concurrent;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Loaded kernels of one accelerator, each compiled once on first use and kept for the engine's
/// life (ILGPU's own cache holds only weak references). Safe to use from many threads; a
/// cache hit allocates nothing.
/// </summary>
internal sealed class KernelCache(Accelerator accelerator)
{
    private readonly ConcurrentDictionary<MethodInfo, Lazy<Delegate>> launchers = new();

    /// <summary>How many kernels have been loaded so far.</summary>
    internal int LoadedCount => launchers.Count(entry => entry.Value.IsValueCreated);

    /// <summary>The stream launcher of a three-argument kernel.</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2, T3> Get<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2, T3>)Get(kernel, static (acc, k) => acc.LoadKernel((Action<T1, T2, T3>)k));

    /// <summary>The kernel methods loaded so far.</summary>
    internal IReadOnlyCollection<MethodInfo> LoadedMethods => [.. launchers.Where(entry => entry.Value.IsValueCreated).Select(entry => entry.Key)];

    /// <summary>The stream launcher of a four-argument kernel.</summary>
    internal Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4> Get<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct =>
        (Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4>)Get(kernel, static (acc, k) => acc.LoadKernel((Action<T1, T2, T3, T4>)k));

    private Delegate Get(Delegate kernel, Func<Accelerator, Delegate, Delegate> load) =>
        launchers.GetOrAdd(
            kernel.Method,
            static (_, state) => new Lazy<Delegate>(() => state.load(state.accelerator, state.kernel), LazyThreadSafetyMode.ExecutionAndPublication),
            (accelerator, kernel, load)).Value;
}
