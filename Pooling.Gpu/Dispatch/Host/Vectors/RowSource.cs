using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Gpu;

/// <summary>One chunk's scratch for <see cref="RowSource{T}"/>.</summary>
internal readonly unsafe struct RowScratch
{
    /// <param name="plan">The call's plan.</param>
    /// <param name="memory">The chunk's memory, of <see cref="RowPlan.ChunkBytes"/>.</param>
    /// <param name="pad">What a ring slot holds on each side of its row: a value that changes no lane's result.</param>
    internal RowScratch(in RowPlan plan, Scratch memory, float pad)
    {
        Rows = memory.Take<nint>(plan.MaxRows);
        Ring = memory.Take<float>(plan.RingFloats);
        Pad(plan, Ring, pad);
        RingKey = memory.Take<long>(plan.RingRows);
        new Span<long>(RingKey, plan.RingRows).Fill(-1);
        RingNaN = memory.Take<bool>(plan.RingRows);
        TorchPosition = memory.Take<long>(plan.Positions);
        Ordinal = memory.Take<int>(plan.Positions);
        Spill = memory.Take<byte>(RowPlan.Lanes * 8);
    }

    /// <summary>Fills the room on both sides of every ring row with <paramref name="pad"/>, for the whole chunk: the rows copied in never touch it.</summary>
    private static void Pad(in RowPlan plan, float* ring, float pad)
    {
        long rows = plan.Copies ? plan.RingFloats / plan.SlotWidth : 0;
        for (long r = 0; r < rows; r++)
        {
            float* row = ring + (r * plan.SlotWidth);
            new Span<float>(row, plan.Left).Fill(pad);
            new Span<float>(row + plan.Left + plan.InputWidth, plan.Right).Fill(pad);
        }
    }

    /// <summary>The current window's input rows as float rows: the input's own, or the rows in ring slots.</summary>
    internal nint* Rows { get; }

    /// <summary>Rows in floats with room on both sides, one per slot (<see cref="RowPlan.Copies"/>).</summary>
    internal float* Ring { get; }

    /// <summary>Per slot: the input row (its index in the input) it holds, or -1.</summary>
    internal long* RingKey { get; }

    /// <summary>Per slot: whether its row holds a NaN.</summary>
    internal bool* RingNaN { get; }

    /// <summary>Per window position: its PyTorch-form index minus the output column's <c>ow * stride</c>.</summary>
    internal long* TorchPosition { get; }

    /// <summary>Per window position: its compact ordinal.</summary>
    internal int* Ordinal { get; }

    /// <summary>A vector's results, for a store of fewer than eight.</summary>
    internal byte* Spill { get; }
}

/// <summary>
/// Output rows in order, with their coordinates (n, c, od, oh): the first split by division, the
/// rest by carries, so that no row costs a division.
/// </summary>
internal struct RowCursor
{
    private readonly TensorDims output;

    internal RowCursor(TensorDims output, long row)
    {
        this.output = output;
        Row = row;
        long rest = Divide.Quotient(row, output.H, out long oh);
        rest = Divide.Quotient(rest, output.D, out long od);
        long n = Divide.Quotient(rest, output.C, out long c);
        At = new Coordinates(n, c, od, oh, 0);
    }

    internal long Row { get; private set; }

    internal Coordinates At { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Advance()
    {
        Row++;
        var (n, c, od, oh) = (At.N, At.C, At.D, At.H + 1);
        if (oh == output.H)
        {
            (oh, od) = (0, od + 1);
            if (od == output.D)
            {
                (od, c) = (0, c + 1);
                if (c == output.C)
                {
                    (c, n) = (0, n + 1);
                }
            }
        }

        At = new Coordinates(n, c, od, oh, 0);
    }
}

/// <summary>
/// One output row's window: its coordinates, its extent along D and H (the kernel's long product,
/// an average's divisor without the columns' factor), how many input rows it holds (none: the
/// window is empty), and whether any holds a NaN. Small, and made once per row: copies of a larger
/// one (the axis windows themselves) cost more than a narrow row's pooling.
/// </summary>
internal readonly record struct RowWindow(Coordinates At, long Extent, int RowCount, long FirstOutput, bool NaN)
{
    internal bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => RowCount == 0;
    }
}

/// <summary>Provides the window rows of output rows.</summary>
internal readonly unsafe struct RowSource<T>(T* input, RowPlan plan)
    where T : unmanaged
{
    /// <summary>The call's plan (a field, so that it is read in place).</summary>
    internal readonly RowPlan Plan = plan;

    /// <summary>The input's first element.</summary>
    internal T* Input => input;

    /// <summary>
    /// Output row <paramref name="row"/> (n, c, od, oh in order): its window, and its input rows
    /// as float rows in <paramref name="scratch"/> (with <see cref="RowPlan.Copies"/>, copied into
    /// the ring, unless a slot holds them already); with <paramref name="positions"/>, each window
    /// position's PyTorch-form index and compact ordinal; with <paramref name="nan"/>, whether
    /// a row holds a NaN (else the window says none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RowWindow Fill(long row, Coordinates at, in RowScratch scratch, bool positions, bool nan)
    {
        ref readonly var inputDims = ref Plan.Input;
        ref readonly var depth = ref Plan.DepthWindows[at.D];
        ref readonly var rows = ref Plan.RowWindows[at.H];
        if (depth.IsEmpty || rows.IsEmpty)
        {
            return new RowWindow(at, 0, 0, row * Plan.Output.W, false);
        }

        long plane = (at.N * inputDims.C) + at.C;
        int count = 0;
        bool anyNaN = false;
        for (long d = depth.Start; d < depth.End; d += depth.Step)
        {
            for (long h = rows.Start; h < rows.End; h += rows.Step, count++)
            {
                long key = ((plane * inputDims.D) + d) * inputDims.H + h;
                if (Plan.Copies)
                {
                    float* copy = scratch.Ring + ((key & (Plan.RingRows - 1)) * Plan.SlotWidth) + Plan.Left;
                    anyNaN |= Cached(scratch, key, copy, nan);
                    scratch.Rows[count] = (nint)copy;
                }
                else
                {
                    scratch.Rows[count] = (nint)(input + (key * inputDims.W));
                    anyNaN |= nan && Cached(scratch, key, (float*)scratch.Rows[count], nan);
                }

                if (positions)
                {
                    Positions(scratch, count, new PoolWindow(depth, rows, Plan.FirstColumn), d, h);
                }
            }
        }

        return new RowWindow(at, depth.Extent * rows.Extent, count, row * Plan.Output.W, anyNaN);
    }

    /// <summary>
    /// Whether input row <paramref name="key"/> holds a NaN, from its ring slot, which is made
    /// unless it holds that row already: with <paramref name="nan"/> the NaN test (else it says
    /// none), and with <see cref="RowPlan.Copies"/> the row in floats at <paramref name="floats"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Cached(in RowScratch scratch, long key, float* floats, bool nan)
    {
        long slot = key & (Plan.RingRows - 1);
        if (scratch.RingKey[slot] != key)
        {
            scratch.RingKey[slot] = key;
            if (Plan.Copies)
            {
                VectorCodec<T>.LoadAll(input + (key * Plan.InputWidth), floats, Plan.InputWidth);
            }

            scratch.RingNaN[slot] = nan && HasNaN(floats, Plan.InputWidth);
        }

        return scratch.RingNaN[slot];
    }

    /// <summary>Whether <c>row[0..width)</c> holds a NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HasNaN(float* row, int width)
    {
        var nan = Vector256<float>.Zero;
        int i = 0;
        for (; i + RowPlan.Lanes <= width; i += RowPlan.Lanes)
        {
            var values = Vector256.Load(row + i);
            nan |= ~Vector256.Equals(values, values);
        }

        bool any = nan != Vector256<float>.Zero;
        for (; i < width; i++)
        {
            any |= float.IsNaN(row[i]);
        }

        return any;
    }

    /// <summary>The PyTorch-form index (less <c>ow * stride</c>) and compact ordinal of window row <paramref name="r"/>'s positions, at (d, h).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Positions(in RowScratch scratch, int r, PoolWindow first, long d, long h)
    {
        for (int k = 0; k < Plan.Kernel; k++)
        {
            long w = (long)k * Plan.Dilation;
            scratch.TorchPosition[(r * Plan.Kernel) + k] = TorchIndices.Position(d, h, w - Plan.Padding, Plan.Input);
            scratch.Ordinal[(r * Plan.Kernel) + k] = (int)WindowIndices.Ordinal(d, h, first.Cols.Origin + w, first);
        }
    }
}
