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
    /// <summary>The lanes from <paramref name="first"/>, every one of them inside the row.</summary>
    Vector256<float> Load(float* first, int stride);

    /// <summary>
    /// Writes to <c>masks[0..2)</c> which lanes of columns <c>column + j * stride</c> lie inside a
    /// row of <paramref name="width"/>: what <see cref="LoadBorder"/> reads (made once per call,
    /// as a border vector's columns are the same in every row).
    /// </summary>
    void Masks(int column, int stride, int width, Vector256<int>* masks);

    /// <summary>
    /// The lanes of columns <c>column + j * stride</c> of <paramref name="row"/> (which may lie
    /// outside it): <paramref name="pad"/> for those outside it (<paramref name="masks"/>), which are not read.
    /// </summary>
    Vector256<float> LoadBorder(float* row, int column, int stride, Vector256<int>* masks, Vector256<float> pad);

    /// <summary>The lanes of a vector as loaded, in lane order; or in lane order, as loaded (the order is its own inverse).</summary>
    Vector256<TLane> Order<TLane>(Vector256<TLane> lanes);
}

/// <summary>Which columns of a border vector lie inside a row.</summary>
internal static unsafe class ColumnMask
{
    /// <summary>All ones in the lanes whose column <c>column + j * step</c> is in <c>[0, width)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Inside(int column, int step, int width)
    {
        var columns = Vector256.Create(column) + (Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * step);
        return Vector256.LessThan(columns.AsUInt32(), Vector256.Create((uint)width)).AsInt32();
    }

    /// <summary>
    /// The lanes of <paramref name="inside"/> from <paramref name="first"/>, <paramref name="pad"/> in
    /// the others, which are not read (a masked load faults on no address it does not read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Load(float* first, Vector256<int> inside, Vector256<float> pad)
    {
        if (Avx.IsSupported)
        {
            return Vector256.ConditionalSelect(inside.AsSingle(), Avx.MaskLoad(first, inside.AsSingle()), pad);
        }

        var lanes = pad;
        for (int j = 0; j < 8; j++)
        {
            lanes = inside[j] != 0 ? lanes.WithElement(j, first[j]) : lanes;
        }

        return lanes;
    }
}

/// <summary>Stride 1: one load.</summary>
internal readonly unsafe struct UnitStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) => Vector256.Load(first);

    public void Masks(int column, int stride, int width, Vector256<int>* masks) => masks[0] = ColumnMask.Inside(column, 1, width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> LoadBorder(float* row, int column, int stride, Vector256<int>* masks, Vector256<float> pad) =>
        ColumnMask.Load(row + column, masks[0], pad);

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

    public void Masks(int column, int stride, int width, Vector256<int>* masks)
    {
        masks[0] = ColumnMask.Inside(column, 1, width);
        masks[1] = ColumnMask.Inside(column + 7, 1, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> LoadBorder(float* row, int column, int stride, Vector256<int>* masks, Vector256<float> pad) =>
        Pick(ColumnMask.Load(row + column, masks[0], pad), ColumnMask.Load(row + column + 7, masks[1], pad));

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

    public void Masks(int column, int stride, int width, Vector256<int>* masks) => masks[0] = ColumnMask.Inside(column, stride, width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> LoadBorder(float* row, int column, int stride, Vector256<int>* masks, Vector256<float> pad)
    {
        var inside = masks[0];
        if (Avx2.IsSupported)
        {
            return Avx2.GatherMaskVector256(pad, row + column, Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * stride, inside.AsSingle(), 4);
        }

        var lanes = pad;
        for (int j = 0; j < 8; j++)
        {
            lanes = inside[j] != 0 ? lanes.WithElement(j, row[column + (j * stride)]) : lanes;
        }

        return lanes;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<TLane> Order<TLane>(Vector256<TLane> lanes) => lanes;
}
