using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Gpu;

/// <summary>
/// One window position of eight consecutive output columns: element <c>j * stride</c> of a row
/// for lane j. A load may return the lanes in an order of its own (<see cref="Order{TLane}"/>),
/// the same for every position, so that a reduction runs lane by lane in it and the order is
/// undone once per vector, not once per position.
/// </summary>
internal unsafe interface IColumnLoad
{
    /// <summary>The lanes from <paramref name="first"/>, every one of them inside the row or its ring slot's room.</summary>
    Vector256<float> Load(float* first, int stride);

    /// <summary>The lanes of a vector as loaded, in lane order; or in lane order, as loaded (the order is its own inverse).</summary>
    Vector256<TLane> Order<TLane>(Vector256<TLane> lanes);
}

/// <summary>Stride 1: one load.</summary>
internal readonly unsafe struct UnitStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) => Vector256.Load(first);



    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<TLane> Order<TLane>(Vector256<TLane> lanes) => lanes;
}

/// <summary>
/// Stride 2: two loads, of first[0..8) and first[7..15), which end at the last lane's element,
/// and one shuffle, which leaves the lanes in the order 0, 1, 4, 5, 2, 3, 6, 7 (a second shuffle
/// per load would restore it; <see cref="Order{TLane}"/> does that once per vector).
/// </summary>
internal readonly unsafe struct PairStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) => Pick(Vector256.Load(first), Vector256.Load(first + 7));

    /// <summary>
    /// Two neighbouring positions, <c>Load(first)</c> and <c>Load(first + 1)</c>, from the same two
    /// loads, of first[0..8) and first[8..16): the even elements [0 2 8 10 | 4 6 12 14] and the odd
    /// ones [1 3 9 11 | 5 7 13 15], in <see cref="Load"/>'s lane order. Half the loads of two
    /// <see cref="Load"/>s, for windows of dilation 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<float> First, Vector256<float> Next) LoadTwo(float* first)
    {
        var (low, high) = (Vector256.Load(first), Vector256.Load(first + 8));
        return Avx.IsSupported && Avx2.IsSupported
            ? (Avx.Shuffle(low, high, 0b10_00_10_00), Avx.Shuffle(low, high, 0b11_01_11_01))
            : (Pick(low, Vector256.Load(first + 7)), Pick(Vector256.Load(first + 1), high));
    }



    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<TLane> Order<TLane>(Vector256<TLane> lanes) =>
        Avx2.IsSupported ? Avx2.Permute4x64(lanes.AsDouble(), 0b11_01_10_00).As<double, TLane>() : lanes;

    /// <summary>[l0 l2 h1 h3 | l4 l6 h5 h7]: elements 0, 2, 8, 10 | 4, 6, 12, 14 of the row from l0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pick(Vector256<float> low, Vector256<float> high) =>
        Avx.IsSupported && Avx2.IsSupported
            ? Avx.Shuffle(low, high, 0b11_01_10_00)
            : Vector256.Create(low[0], low[2], low[4], low[6], high[1], high[3], high[5], high[7]);
}

/// <summary>Any other stride: a gather.</summary>
internal readonly unsafe struct AnyStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) =>
        Avx2.IsSupported
            ? Avx2.GatherVector256(first, Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * stride, 4)
            : Vector256.Create(first[0], first[stride], first[2 * stride], first[3 * stride], first[4 * stride], first[5 * stride], first[6 * stride], first[7 * stride]);



    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<TLane> Order<TLane>(Vector256<TLane> lanes) => lanes;
}
