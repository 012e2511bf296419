using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Kernel launch configurations derived from the accelerator's properties (warp size, group
/// limit, multiprocessor count), not from constants tuned to one card. Kernels loop with a
/// 64-bit grid stride, so the grid never needs more than enough groups to fill the device.
/// </summary>
internal sealed class LaunchShape
{
    /// <summary>Groups per multiprocessor beyond the resident ones, to cover tail effects.</summary>
    private const int Waves = 4;

    private readonly int groupSize;
    private readonly long maxGroups;

    internal LaunchShape(Accelerator accelerator)
    {
        WarpSize = Math.Max(1, accelerator.WarpSize);
        MaxGroupSize = Math.Min(accelerator.MaxNumThreadsPerGroup, WarpSize * Math.Min(32, WarpSize));
        groupSize = RoundToWarps(Math.Min(256, MaxGroupSize));
        int residentGroups = Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / groupSize);
        maxGroups = (long)Math.Max(1, accelerator.NumMultiprocessors) * residentGroups * Waves;
    }

    /// <summary>Threads per warp.</summary>
    internal int WarpSize { get; }

    /// <summary>
    /// The largest group a reduction may use: the device's limit, and at most as many warps as
    /// one warp has lanes (up to 32), so that one warp can combine the per-warp partials.
    /// </summary>
    internal int MaxGroupSize { get; }

    /// <summary>One thread per item, grid-strided: for <paramref name="items"/> independent outputs.</summary>
    internal KernelConfig ForItems(long items) =>
        new((int)Math.Clamp((items + groupSize - 1) / groupSize, 1, maxGroups), groupSize);

    /// <summary>
    /// One group per plane, grid-strided over <paramref name="planes"/>: the group is as wide as
    /// the plane needs, in whole warps, up to <see cref="MaxGroupSize"/>.
    /// </summary>
    internal KernelConfig ForPlanes(long planes, long planeLength)
    {
        int width = RoundToWarps((int)Math.Min(planeLength, Math.Min(256, MaxGroupSize)));
        return new((int)Math.Clamp(planes, 1, maxGroups), width);
    }

    private int RoundToWarps(int threads) => Math.Max(WarpSize, threads / WarpSize * WarpSize);
}
