using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>Where <see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/> puts a row's results: eight columns from a fold, or single columns by the kernel's own body.</summary>
internal unsafe interface IRowColumns
{
    /// <summary>Whether the stores read the window positions' index tables (<see cref="RowScratch.TorchPosition"/>, <see cref="RowScratch.Ordinal"/>).</summary>
    bool Positions { get; }

    /// <summary>Whether the stores divide by their row's extent (an average's); else <see cref="Store"/> ignores it.</summary>
    bool Divides { get; }

    /// <summary>
    /// Columns <c>[first, first + 8)</c> of the row whose column 0 is output <paramref name="row"/>
    /// (or to its end, when it has fewer), from a fold's results in lane order; <paramref name="extent"/>:
    /// the row's <see cref="RowWindow.Extent"/>.
    /// </summary>
    void Store(in RowPlan plan, in RowScratch scratch, long row, long extent, int first, Vector256<float> values, Vector256<int> positions);

    /// <summary>Columns <c>[from, to)</c> of the row by the kernel's own per-output body.</summary>
    void Scalar(in RowPlan plan, in RowWindow window, long from, long to);
}

/// <summary>Max pooling's results: the maxima, and their positions in <typeparamref name="TIndex"/>'s format.</summary>
internal readonly unsafe struct MaxColumns<T, TAcc, TElement, TGeometry, TIndex>(ArrayView<T> input, TGeometry geometry, MaxReduction<T, TAcc, TElement, TIndex> reduction)
    : IRowColumns
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
    where TIndex : struct, IMaxIndexFormat
{
    private readonly T* values = HostMemory.Address(reduction.Values);
    private readonly long* torch = typeof(TIndex) == typeof(TorchIndices) ? HostMemory.Address(HostMemory.As<TIndex, TorchIndices>(reduction.Indices).View) : null;
    private readonly byte* bytes = typeof(TIndex) == typeof(WindowIndices) ? HostMemory.Address(HostMemory.As<TIndex, WindowIndices>(reduction.Indices).Bytes) : null;
    private readonly int bytesPerIndex = typeof(TIndex) == typeof(WindowIndices) ? HostMemory.As<TIndex, WindowIndices>(reduction.Indices).BytesPerIndex : 0;

    public bool Positions => typeof(TIndex) != typeof(NoIndices);

    public bool Divides => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(in RowPlan plan, in RowScratch scratch, long row, long extent, int first, Vector256<float> maxima, Vector256<int> positions)
    {
        int lanes = plan.LanesFrom(first);
        long o = row + first;
        VectorCodec<T>.Store(maxima, values + o, lanes, (T*)scratch.Spill);
        if (typeof(TIndex) == typeof(NoIndices))
        {
            return;
        }

        if (lanes == RowPlan.Lanes && Avx2.IsSupported)
        {
            if (typeof(TIndex) == typeof(TorchIndices))
            {
                // Each lane's position from the table, plus its column's offset ow * stride.
                long stride = plan.Stride;
                var column = Vector256.Create(first * stride) + (Vector256.Create(0L, 1, 2, 3) * stride);
                (Avx2.GatherVector256(scratch.TorchPosition, positions.GetLower(), 8) + column).Store(torch + o);
                (Avx2.GatherVector256(scratch.TorchPosition, positions.GetUpper(), 8) + column + Vector256.Create(4 * stride)).Store(torch + o + 4);
            }
            else
            {
                var ordinals = Avx2.GatherVector256(scratch.Ordinal, positions, 4);
                if (bytesPerIndex == 1)
                {
                    var words = Vector128.Narrow(ordinals.GetLower(), ordinals.GetUpper());
                    *(ulong*)(bytes + o) = Vector128.Narrow(words, words).AsUInt64().ToScalar();
                }
                else
                {
                    ordinals.Store((int*)bytes + o);
                }
            }

            return;
        }

        for (int j = 0; j < lanes; j++)
        {
            int position = positions[j];
            if (typeof(TIndex) == typeof(TorchIndices))
            {
                torch[o + j] = scratch.TorchPosition[position] + (long)(first + j) * plan.Stride;
            }
            else if (bytesPerIndex == 1)
            {
                bytes[o + j] = (byte)scratch.Ordinal[position];
            }
            else
            {
                ((int*)bytes)[o + j] = scratch.Ordinal[position];
            }
        }
    }

    public void Scalar(in RowPlan plan, in RowWindow window, long from, long to)
    {
        var kernel = new WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, MaxReduction<T, TAcc, TElement, TIndex>>(input, plan.Shape, geometry, reduction);
        for (long ow = from; ow < to; ow++)
        {
            kernel.Run(window.FirstOutput + ow, window.At with { W = ow });
        }
    }
}

/// <summary>Average pooling's results: the means.</summary>
internal readonly unsafe struct MeanColumns<T, TAcc, TElement, TGeometry>(ArrayView<T> input, TGeometry geometry, AverageReduction<T, TAcc, TElement> reduction)
    : IRowColumns
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
{
    private readonly T* values = HostMemory.Address(reduction.Values);

    public bool Positions => false;

    public bool Divides => true;

    /// <summary>
    /// The sums over their divisors: the override, or the window's extent, depth x rows x columns
    /// (the kernel's long product, exact in float: <see cref="RowPlan.MaxPositions"/> keeps it below 2^16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(in RowPlan plan, in RowScratch scratch, long row, long extent, int first, Vector256<float> sums, Vector256<int> positions)
    {
        var divisor = reduction.DivisorOverride != 0
            ? Vector256.Create((float)reduction.DivisorOverride)
            : Vector256.Create((float)extent) * Vector256.Load(plan.ColumnExtent + first);
        VectorCodec<T>.Store(sums / divisor, values + row + first, plan.LanesFrom(first), (T*)scratch.Spill);
    }

    public void Scalar(in RowPlan plan, in RowWindow window, long from, long to)
    {
        var kernel = new WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, AverageReduction<T, TAcc, TElement>>(input, plan.Shape, geometry, reduction);
        for (long ow = from; ow < to; ow++)
        {
            kernel.Run(window.FirstOutput + ow, window.At with { W = ow });
        }
    }
}
