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
    /// The longest plane that gets one warp instead of one group: a plane that would get a
    /// one-warp group (fewer than two warps' worth of elements). One-warp groups would hit the
    /// device's limit of resident groups per multiprocessor before its limit of resident threads.
    /// </summary>
    internal long WarpPlaneLimit => 2L * WarpSize - 1;

    /// <summary>
    /// The launch of a per-plane reduction over <paramref name="planes"/> planes, grid-strided,
    /// and how many teams each group splits into (the kernel's <c>teamsPerGroup</c>). A plane of
    /// at most <see cref="WarpPlaneLimit"/> elements gets one warp: groups of the usual width,
    /// one plane per warp. A longer plane gets one group (teams per group 1), as wide as the
    /// plane needs in whole warps, up to <see cref="MaxGroupSize"/>.
    /// </summary>
    internal (KernelConfig Config, int TeamsPerGroup) ForPlanes(long planes, long planeLength)
    {
        if (planeLength <= WarpPlaneLimit)
        {
            int warps = groupSize / WarpSize;
            return (new((int)Math.Clamp((planes - 1) / warps + 1, 1, maxGroups), groupSize), warps);
        }

        int width = RoundToWarps((int)Math.Min(planeLength, Math.Min(256, MaxGroupSize)));
        return (new((int)Math.Clamp(planes, 1, maxGroups), width), 1);
    }

    private int RoundToWarps(int threads) => Math.Max(WarpSize, threads / WarpSize * WarpSize);
}
