using System.Reflection;

namespace Pooling.Gpu;

/// <summary>What the engine has compiled, for the kernel catalog's test.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>The kernel methods this engine has loaded so far (compare with <see cref="KernelCatalog"/>).</summary>
    internal IReadOnlyCollection<MethodInfo> LoadedKernels => kernels.LoadedMethods;
}
