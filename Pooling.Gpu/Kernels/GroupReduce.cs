using ILGPU;

namespace Pooling.Gpu;

/// <summary>An associative, commutative combination with an identity, for group reductions.</summary>
/// <typeparam name="T">The value reduced.</typeparam>
internal interface ICombine<T>
    where T : unmanaged
{
    /// <summary>The value that leaves any other unchanged.</summary>
    T Identity { get; }

    /// <summary>Combines two partial results.</summary>
    T Combine(T a, T b);
}

/// <summary>
/// A group-wide reduction with core ILGPU only: warp shuffles, then one shared slot per warp.
/// ILGPU.Algorithms' GroupExtensions.Reduce would need the caller's context to have called
/// EnableAlgorithms(), which an engine made from a caller's accelerator cannot guarantee.
/// </summary>
internal static class GroupReduce
{
    /// <summary>Shared slots: a group has at most 32 warps (see LaunchShape.MaxGroupSize).</summary>
    private const int MaxWarps = 32;

    /// <summary>
    /// Reduces one value per thread of a team, the whole group or one warp; the result is valid in
    /// the team's first thread. <paramref name="teamWidth"/> is the group's width or the warp size:
    /// a one-warp team (a warp of a larger group, or a one-warp group) combines with shuffles only
    /// and reaches no barrier, so other warps of its group need not call it. A wider team is the
    /// whole group: every thread of the group must call it; it ends with a barrier, so it may be
    /// called again.
    /// </summary>
    internal static T Reduce<T, TOp>(T value, TOp op, int teamWidth)
        where T : unmanaged
        where TOp : struct, ICombine<T>
    {
        var partials = SharedMemory.Allocate<T>(MaxWarps);
        value = ReduceWarp(value, op);
        if (teamWidth == Warp.WarpSize)
        {
            return value;
        }

        if (Warp.LaneIdx == 0)
        {
            partials[Warp.WarpIdx] = value;
        }

        Group.Barrier();
        if (Warp.WarpIdx == 0)
        {
            int warps = (Group.DimX + Warp.WarpSize - 1) / Warp.WarpSize;
            value = ReduceWarp(Warp.LaneIdx < warps ? partials[Warp.LaneIdx] : op.Identity, op);
        }

        Group.Barrier();
        return value;
    }

    /// <summary>
    /// Reduces one value per lane of the warp with shuffles only (no shared memory, no barrier);
    /// the result is valid in lane 0. Every lane of the warp must call it; other warps of the
    /// group need not.
    /// </summary>
    private static T ReduceWarp<T, TOp>(T value, TOp op)
        where T : unmanaged
        where TOp : struct, ICombine<T>
    {
        for (int offset = Warp.WarpSize / 2; offset > 0; offset /= 2)
        {
            value = op.Combine(value, Warp.ShuffleDown(value, offset));
        }

        return value;
    }
}
