using ILGPU;

namespace Pooling.Gpu;

/// <summary>A per-plane reduction: how one element enters it, how partials combine, where the result goes.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TPartial">The partial result.</typeparam>
internal interface IPlaneReduction<T, TPartial> : ICombine<TPartial>
    where T : unmanaged
    where TPartial : unmanaged
{
    /// <summary>The partial result of the element at plane offset <paramref name="offset"/>.</summary>
    TPartial Lift(T value, long offset);

    /// <summary>Writes the result of plane <paramref name="plane"/>.</summary>
    void Store(long plane, TPartial result);
}

/// <summary>The mean of a plane: partial sums in the accumulator type, one division and one rounding at the end.</summary>
internal readonly struct PlaneMean<T, TAcc, TElement>(ArrayView<T> values, long planeLength) : IPlaneReduction<T, TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    public TAcc Identity => default(TElement).Zero;

    public TAcc Combine(TAcc a, TAcc b) => default(TElement).Add(a, b);

    public TAcc Lift(T value, long offset) => default(TElement).Load(value);

    public void Store(long plane, TAcc result) => values[plane] = default(TElement).Store(default(TElement).Divide(result, planeLength));
}

/// <summary>A value and its plane offset, for argmax reductions.</summary>
internal struct ValueAndOffset<TAcc>
    where TAcc : unmanaged
{
    public TAcc Value;
    public long Offset;
}

/// <summary>
/// The max of a plane with max pooling's rules, made order-free for a parallel reduction: a NaN
/// beats any number and the later of two NaNs wins (PyTorch reports the last NaN); otherwise the
/// larger value wins and, on a tie, the earlier offset (the first maximum).
/// </summary>
internal readonly struct PlaneArgMax<T, TAcc, TElement, TIndex>(ArrayView<T> values, TIndex indices, TensorDims dims)
    : IPlaneReduction<T, ValueAndOffset<TAcc>>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IMaxElement<T, TAcc>
    where TIndex : struct, IMaxIndexFormat
{
    public ValueAndOffset<TAcc> Identity => new() { Value = default(TElement).NegativeInfinity, Offset = long.MaxValue };

    public ValueAndOffset<TAcc> Combine(ValueAndOffset<TAcc> a, ValueAndOffset<TAcc> b)
    {
        // Without branches, and no float comparison negated (see MaxReduction.Add).
        var element = default(TElement);
        bool aNaN = element.IsNaN(a.Value);
        bool bNaN = element.IsNaN(b.Value);
        bool aWins = aNaN
            ? !bNaN | (a.Offset > b.Offset)
            : !bNaN & (element.Greater(a.Value, b.Value) | (element.Equal(a.Value, b.Value) & (a.Offset < b.Offset)));
        return aWins ? a : b;
    }

    public ValueAndOffset<TAcc> Lift(T value, long offset) => new() { Value = default(TElement).Load(value), Offset = offset };

    public void Store(long index, ValueAndOffset<TAcc> result)
    {
        values[index] = default(TElement).Store(result.Value);
        long w = result.Offset % dims.W;
        long rest = result.Offset / dims.W;
        indices.Write(index, rest / dims.H, rest % dims.H, w, new PoolWindow(Whole(dims.D), Whole(dims.H), Whole(dims.W)));
    }

    /// <summary>The window of a whole axis: adaptive pooling's window to one output, without its divisions.</summary>
    private static AxisWindow Whole(long size) => new(0, 0, size, 1, size, size);
}

/// <summary>
/// The global pooling kernel of channels-first tensors: one team per (n, c) plane, grid-strided
/// over planes. A team is a whole group (long planes) or one warp (short planes, several per
/// group); each lane folds a strided part of the plane, then the team combines the partials with
/// warp shuffles (and, for a group, one shared slot per warp). (Channels-last tensors use the
/// window kernel with one window per plane, so that consecutive threads read consecutive channels.)
/// </summary>
internal static class GlobalPool<T, TPartial, TReduction>
    where T : unmanaged
    where TPartial : unmanaged
    where TReduction : struct, IPlaneReduction<T, TPartial>
{
    /// <summary>The kernel method.</summary>
    internal static readonly Action<ArrayView<T>, long, long, int, TReduction> Kernel = Run;

    /// <summary>
    /// Reduces each plane with one team. <paramref name="teamsPerGroup"/> is 1 (a team is the
    /// group) or the group's warp count (a team is a warp; see LaunchShape.ForPlanes).
    /// </summary>
    private static void Run(ArrayView<T> input, long planes, long planeLength, int teamsPerGroup, TReduction reduction)
    {
        // A group team: every thread has the same loop bounds, as GroupReduce.Reduce's barriers
        // require. Warp teams: warps of one group may take different numbers of planes, and a
        // one-warp team's reduction reaches no barrier. (This form, with the team's values set in
        // a branch, compiles to fewer registers than selects: 30 to 32 for sm_90, not 32 to 36.)
        int lane = Group.IdxX;
        int width = Group.DimX;
        long firstPlane = Grid.IdxX;
        if (teamsPerGroup > 1)
        {
            lane = Warp.LaneIdx;
            width = Warp.WarpSize;
            firstPlane = (long)Grid.IdxX * teamsPerGroup + Warp.WarpIdx;
        }

        long teams = (long)Grid.DimX * teamsPerGroup;
        for (long plane = firstPlane; plane < planes; plane += teams)
        {
            long planeStart = plane * planeLength;
            var partial = reduction.Identity;
            for (long i = lane; i < planeLength; i += 2 * width)
            {
                // Two of the lane's loads before either is folded in, so that they are in flight together.
                bool has1 = i + width < planeLength;
                var v0 = input[planeStart + i];
                var v1 = has1 ? input[planeStart + i + width] : v0;
                partial = reduction.Combine(partial, reduction.Lift(v0, i));
                if (has1)
                {
                    partial = reduction.Combine(partial, reduction.Lift(v1, i + width));
                }
            }

            partial = GroupReduce.Reduce(partial, reduction, width);
            if (lane == 0)
            {
                reduction.Store(plane, partial);
            }
        }
    }
}
