using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Channels-first window pooling over windows that are regular along W (max_pool and avg_pool
/// in 1D, 2D and 3D, and adaptive pooling whose windows along W are evenly spaced), the host
/// path's vector form of <see cref="WindowPool{T, TAcc, TElement, TLayout, TGeometry, TReduction}"/>:
/// eight consecutive output columns of one output row at a time, each lane running its own
/// window in the kernel's order (depth, rows, columns), so each lane gives the kernel's bits.
/// The window rows an output row needs are first copied (float16 and bfloat16: converted) into
/// float rows padded on both sides with a value that changes nothing: -inf for a max (never
/// taken: it is neither NaN nor greater than anything), +0 for a sum (the sum starts at +0 and so
/// is never -0, and x + 0 is x for every other x). So border columns, whose windows reach into
/// padding, run in the same vectors; only columns whose windows hold no input position at all
/// (the kernel stores its "none" there) run the kernel's own per-output body.
/// </summary>
internal static unsafe class RowPooling
{
    /// <summary>
    /// Runs a max or average pooling of a float, float16 or bfloat16 tensor whose windows along W
    /// are regular (<see cref="WindowTables.RegularColumns"/>); false, and nothing written, for any other.
    /// </summary>
    internal static bool TryRun<T, TAcc, TElement, TGeometry, TReduction>(ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        if (!Vector256.IsHardwareAccelerated || !VectorCodec<T>.Supported || !RowPlan.Fits(shape))
        {
            return false;
        }

        using var tables = new Scratch(WindowTables.Bytes(shape) + RowPlan.TableBytes(shape));
        var windows = WindowTables.Of(geometry, shape, tables);
        var spans = windows.MaxSpans;
        if (!windows.RegularColumns || spans.Depth * spans.Rows * spans.Cols > RowPlan.MaxPositions)
        {
            return false;
        }

        var plan = new RowPlan(shape, windows, tables);
        return plan.Stride switch
        {
            1 => Run<T, TAcc, TElement, TGeometry, TReduction, UnitStride>(input, plan, geometry, reduction),
            2 => Run<T, TAcc, TElement, TGeometry, TReduction, PairStride>(input, plan, geometry, reduction),
            _ => Run<T, TAcc, TElement, TGeometry, TReduction, AnyStride>(input, plan, geometry, reduction),
        };
    }

    private static bool Run<T, TAcc, TElement, TGeometry, TReduction, TLoad>(ArrayView<T> input, RowPlan plan, TGeometry geometry, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
        where TLoad : struct, IColumnLoad
    {
        var source = new RowSource<T>(HostMemory.Address(input), plan);
        var output = plan.Output;
        long rows = output.N * output.C * output.D * output.H;
        long work = plan.Input.Length + output.Length * plan.Positions;
        if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, NoIndices>))
        {
            HostLoops.For(rows, work, new MaxRows<T, TAcc, TElement, TGeometry, NoIndices, TLoad>(source, input, geometry, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, NoIndices>>(reduction)));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>))
        {
            HostLoops.For(rows, work, new MaxRows<T, TAcc, TElement, TGeometry, TorchIndices, TLoad>(source, input, geometry, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, TorchIndices>>(reduction)));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>))
        {
            HostLoops.For(rows, work, new MaxRows<T, TAcc, TElement, TGeometry, WindowIndices, TLoad>(source, input, geometry, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, WindowIndices>>(reduction)));
        }
        else if (typeof(TReduction) == typeof(AverageReduction<T, TAcc, TElement>))
        {
            HostLoops.For(rows, work, new AverageRows<T, TAcc, TElement, TGeometry, TLoad>(source, input, geometry, HostMemory.As<TReduction, AverageReduction<T, TAcc, TElement>>(reduction)));
        }
        else
        {
            return false;
        }

        return true;
    }
}

/// <summary>
/// What every output row of a call shares: the windows, the padded row's length and the parts of
/// it that border columns read, and per-column tables (in memory the caller owns for the call).
/// </summary>
internal readonly unsafe struct RowPlan
{
    /// <summary>Output columns a vector holds.</summary>
    internal const int Lanes = 8;

    /// <summary>The most positions a window may hold: its average's divisor and every factor of it then convert to float exactly.</summary>
    internal const int MaxPositions = 1 << 16;

    internal RowPlan(PoolShape shape, WindowTables windows, Scratch tables)
    {
        Shape = shape;
        (Input, Output, Width, InputWidth) = (shape.Input, shape.Output, (int)shape.Output.W, (int)shape.Input.W);
        var column = windows.Cols[0];
        (Stride, Dilation, Kernel, Padding) = ((int)windows.ColumnStride, column.Step, (int)column.Span, (int)-column.Origin);
        long outputs = shape.Output.W;
        LaneColumns = (int)Math.Max(outputs, Lanes);
        RowLength = Math.Max(Padding + shape.Input.W, (LaneColumns - 1L) * Stride + (Kernel - 1L) * Dilation + 1);
        var spans = windows.MaxSpans;
        MaxRows = (int)(spans.Depth * spans.Rows);
        Positions = MaxRows * Kernel;
        DepthWindows = windows.Depths;
        RowWindows = windows.Rows;
        FirstColumn = column;
        FirstPosition = tables.Take<int>(LaneColumns);
        ColumnExtent = tables.Take<float>(LaneColumns);
        EmptyColumns = tables.Take<int>(LaneColumns);
        (InteriorStart, InteriorEnd) = (LaneColumns, 0);
        for (int ow = 0; ow < LaneColumns; ow++)
        {
            var window = windows.Cols[Math.Min(ow, outputs - 1)];
            FirstPosition[ow] = (int)((window.Start - window.Origin) / window.Step);
            ColumnExtent[ow] = window.Extent;
            if (window.IsEmpty && ow < outputs)
            {
                EmptyColumns[EmptyCount++] = ow;
            }

            if (ow < outputs && window.Origin >= 0 && window.Origin + (Kernel - 1L) * Dilation < shape.Input.W)
            {
                (InteriorStart, InteriorEnd) = (Math.Min(InteriorStart, ow), ow + 1);
            }
        }

        // The padded row's parts that border blocks read: up to LeftEnd for those left of the
        // interior, from RightStart for those right of it.
        (LeftEnd, RightStart) = (0, RowLength);
        for (int block = 0; block < Blocks; block++)
        {
            int first = BlockStart(block);
            if (first < InteriorStart)
            {
                LeftEnd = Math.Max(LeftEnd, (first + Lanes - 1L) * Stride + (Kernel - 1L) * Dilation + 1);
            }

            if (first + Lanes > InteriorEnd)
            {
                RightStart = Math.Min(RightStart, (long)first * Stride);
            }
        }
    }

    internal PoolShape Shape { get; }

    /// <summary>The input's dims (fields, not properties of <see cref="Shape"/>: hot loops read them).</summary>
    internal readonly TensorDims Input;

    internal readonly TensorDims Output;

    /// <summary>The output's width.</summary>
    internal readonly int Width;

    /// <summary>The input's width.</summary>
    internal readonly int InputWidth;

    internal int Stride { get; }

    internal int Dilation { get; }

    internal int Kernel { get; }

    internal int Padding { get; }

    /// <summary>Columns the tables cover: the output's, and at least a vector's.</summary>
    internal int LaneColumns { get; }

    /// <summary>A padded row's floats: the input's column c at <c>Padding + c</c>, and room for every lane's window.</summary>
    internal long RowLength { get; }

    /// <summary>The most input rows a window holds (depth times rows).</summary>
    internal int MaxRows { get; }

    /// <summary>The most positions a window holds.</summary>
    internal int Positions { get; }

    /// <summary>Per output depth: its window along D.</summary>
    internal AxisWindow* DepthWindows { get; }

    /// <summary>Per output row: its window along H.</summary>
    internal AxisWindow* RowWindows { get; }

    /// <summary>Output column 0's window along W.</summary>
    internal AxisWindow FirstColumn { get; }

    /// <summary>Per output column: the first position of its window inside the input, counted from the window's origin along W.</summary>
    internal int* FirstPosition { get; }

    /// <summary>Per output column: its window's extent along W, the average's divisor factor.</summary>
    internal float* ColumnExtent { get; }

    /// <summary>The output columns whose windows hold no input column.</summary>
    internal int* EmptyColumns { get; }

    internal int EmptyCount { get; }

    /// <summary>The columns <c>[InteriorStart, InteriorEnd)</c> have windows wholly inside the input: vectors of them read the input's rows as they are.</summary>
    internal int InteriorStart { get; }

    internal int InteriorEnd { get; }

    /// <summary>The padded row's floats <c>[0, LeftEnd)</c> and <c>[RightStart, RowLength)</c> are those the border vectors read.</summary>
    internal long LeftEnd { get; }

    internal long RightStart { get; }

    /// <summary>The bytes of one chunk's scratch: the padded rows, their addresses, two position tables, a vector's spill.</summary>
    internal long ChunkBytes => Scratch.Bytes(MaxRows * RowLength * 4, MaxRows * 8L, MaxRows * 8L, MaxRows * 4L, MaxRows * 8L, MaxRows * 8L, Positions * 8L, Positions * 4L, Lanes * 8);

    /// <summary>Whether the call's sizes fit the plan's int-sized rows and tables.</summary>
    internal static bool Fits(PoolShape shape) =>
        shape.Output.W < 1 << 24 && shape.Input.W < 1 << 24 && shape.Output.D < 1 << 24 && shape.Output.H < 1 << 24;

    /// <summary>The bytes of the per-call tables (besides the windows).</summary>
    internal static long TableBytes(PoolShape shape)
    {
        long columns = Math.Max(shape.Output.W, Lanes);
        return Scratch.Bytes(columns * 4, columns * 4, columns * 4);
    }

    /// <summary>Vectors run together (<see cref="MaxRows{T, TAcc, TElement, TGeometry, TIndex, TLoad}"/>).</summary>
    internal const int Group = 4;

    /// <summary>Vectors of a row: the last may overlap the one before.</summary>
    internal int Blocks => (Width + Lanes - 1) / Lanes;

    /// <summary>
    /// The first column of vector <paramref name="block"/> of a row: <c>8 * block</c>, but the last
    /// vector ends at the row's end (it may overlap the one before), a row of fewer than 8 has one
    /// from 0, and a vector past the last is the last again (a group's spare runs it twice, writing
    /// the same results).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int BlockStart(int block) => Math.Max(0, Math.Min(block * Lanes, Width - Lanes));

    /// <summary>Whether the vector from column <paramref name="first"/> reads the input's rows as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool IsInterior(int first) => first >= InteriorStart && first + Lanes <= InteriorEnd;
}

/// <summary>One chunk's scratch for <see cref="RowSource{T}"/>.</summary>
internal readonly unsafe struct RowScratch
{
    internal RowScratch(in RowPlan plan, Scratch memory)
    {
        Rows = memory.Take<float>(plan.MaxRows * plan.RowLength);
        SlotKey = memory.Take<long>(plan.MaxRows);
        new Span<long>(SlotKey, plan.MaxRows).Fill(-1);
        WindowKey = memory.Take<long>(plan.MaxRows);
        WindowSlot = memory.Take<int>(plan.MaxRows);
        Padded = memory.Take<nint>(plan.MaxRows);
        Direct = memory.Take<nint>(plan.MaxRows);
        TorchPosition = memory.Take<long>(plan.Positions);
        Ordinal = memory.Take<int>(plan.Positions);
        Spill = memory.Take<byte>(RowPlan.Lanes * 8);
    }

    /// <summary>The padded rows, one per slot.</summary>
    internal float* Rows { get; }

    /// <summary>Per slot: the input row (its index in the input) its padded row holds, or -1.</summary>
    internal long* SlotKey { get; }

    /// <summary>Per row of the current window: its input row.</summary>
    internal long* WindowKey { get; }

    /// <summary>Per row of the current window: its slot.</summary>
    internal int* WindowSlot { get; }

    /// <summary>The window rows' addresses for border vectors: padded rows.</summary>
    internal nint* Padded { get; }

    /// <summary>The window rows' addresses for interior vectors: the input's own float rows (minus the padding, so that both are indexed alike), or the padded rows.</summary>
    internal nint* Direct { get; }

    /// <summary>Per window position: its PyTorch-form index minus the output column's <c>ow * stride</c>.</summary>
    internal long* TorchPosition { get; }

    /// <summary>Per window position: its compact ordinal.</summary>
    internal int* Ordinal { get; }

    /// <summary>A vector's results, for a store of fewer than eight.</summary>
    internal byte* Spill { get; }

    /// <summary>The rows a vector from column <paramref name="first"/> reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal float** RowsFor(in RowPlan plan, int first) => (float**)(plan.IsInterior(first) ? Direct : Padded);
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

/// <summary>One output row's window: its coordinates, its depth and row windows, and how many input rows it holds.</summary>
internal readonly record struct RowWindow(Coordinates At, AxisWindow Depth, AxisWindow Rows, int RowCount, long FirstOutput)
{
    internal bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Depth.Start >= Depth.End || Rows.Start >= Rows.End;
    }
}

/// <summary>Provides the window rows of output rows.</summary>
internal readonly unsafe struct RowSource<T>(T* input, RowPlan plan)
    where T : unmanaged
{
    /// <summary>The call's plan (a field, so that it is read in place).</summary>
    internal readonly RowPlan Plan = plan;

    /// <summary>
    /// Output row <paramref name="row"/> (n, c, od, oh in order): its window, and its input rows
    /// in <paramref name="scratch"/>: padded with <paramref name="pad"/> where border vectors
    /// read (float16 and bfloat16 rows converted whole); with <paramref name="positions"/>, each
    /// window position's PyTorch-form index and compact ordinal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal RowWindow Fill(long row, Coordinates at, float pad, in RowScratch scratch, bool positions)
    {
        ref readonly var output = ref Plan.Output;
        ref readonly var inputDims = ref Plan.Input;
        var (n, c, od, oh) = (at.N, at.C, at.D, at.H);
        var depth = Plan.DepthWindows[od];
        var rows = Plan.RowWindows[oh];
        var window = new RowWindow(new Coordinates(n, c, od, oh, 0), depth, rows, 0, row * output.W);
        if (window.IsEmpty)
        {
            return window;
        }

        // The window's input rows, by their row index in the input; a padded row made for an
        // earlier output row of the chunk is kept while later ones need it (windows overlap when
        // the stride is below the kernel), in one of MaxRows slots.
        int count = 0;
        for (long d = depth.Start; d < depth.End; d += depth.Step)
        {
            for (long h = rows.Start; h < rows.End; h += rows.Step, count++)
            {
                long key = ((n * inputDims.C + c) * inputDims.D + d) * inputDims.H + h;
                scratch.WindowKey[count] = key;
                scratch.WindowSlot[count] = -1;
                for (int slot = 0; slot < Plan.MaxRows; slot++)
                {
                    if (scratch.SlotKey[slot] == key)
                    {
                        scratch.WindowSlot[count] = slot;
                    }
                }

                T* source = input + key * inputDims.W;
                scratch.Direct[count] = typeof(T) == typeof(float) ? (nint)((float*)source - Plan.Padding) : 0;
                if (positions)
                {
                    Positions(scratch, count, new PoolWindow(depth, rows, Plan.FirstColumn), d, h);
                }
            }
        }

        for (int r = 0; r < count; r++)
        {
            if (scratch.WindowSlot[r] < 0)
            {
                int slot = FreeSlot(scratch, count);
                scratch.WindowSlot[r] = slot;
                scratch.SlotKey[slot] = scratch.WindowKey[r];
                Make(input + scratch.WindowKey[r] * inputDims.W, scratch.Rows + slot * Plan.RowLength, pad);
            }

            scratch.Padded[r] = (nint)(scratch.Rows + scratch.WindowSlot[r] * Plan.RowLength);
            if (typeof(T) != typeof(float))
            {
                scratch.Direct[r] = scratch.Padded[r];
            }
        }

        return window with { RowCount = count };
    }

    /// <summary>A slot no row of the current window holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FreeSlot(in RowScratch scratch, int count)
    {
        for (int slot = 0; ; slot++)
        {
            bool used = false;
            for (int r = 0; r < count; r++)
            {
                used |= scratch.WindowSlot[r] == slot;
            }

            if (!used)
            {
                return slot;
            }
        }
    }

    /// <summary>
    /// Makes the padded row of input row <paramref name="source"/>: a float row where border
    /// vectors read it, a float16 or bfloat16 row converted whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Make(T* source, float* padded, float pad)
    {
        if (typeof(T) == typeof(float))
        {
            Copy((float*)source, padded, 0, Plan.LeftEnd, pad);
            Copy((float*)source, padded, Plan.RightStart, Plan.RowLength, pad);
        }
        else
        {
            Fill(padded, Plan.Padding, pad);
            VectorCodec<T>.LoadAll(source, padded + Plan.Padding, Plan.InputWidth);
            Fill(padded + Plan.Padding + Plan.InputWidth, Plan.RowLength - Plan.Padding - Plan.InputWidth, pad);
        }
    }

    /// <summary>Padded row floats <c>[from, to)</c> from a float input row: the input's columns, <paramref name="pad"/> outside them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Copy(float* source, float* padded, long from, long to, float pad)
    {
        long dataStart = Plan.Padding;
        long dataEnd = Plan.Padding + Plan.InputWidth;
        Fill(padded + from, Math.Min(to, dataStart) - from, pad);
        long copyFrom = Math.Max(from, dataStart);
        long copyTo = Math.Min(to, dataEnd);
        if (copyTo > copyFrom)
        {
            VectorCodec<float>.LoadAll(source + copyFrom - dataStart, padded + copyFrom, copyTo - copyFrom);
        }

        long fillFrom = Math.Max(from, dataEnd);
        Fill(padded + fillFrom, to - fillFrom, pad);
    }

    /// <summary>The PyTorch-form index (less <c>ow * stride</c>) and compact ordinal of window row <paramref name="r"/>'s positions, at (d, h).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Positions(in RowScratch scratch, int r, PoolWindow first, long d, long h)
    {
        for (int k = 0; k < Plan.Kernel; k++)
        {
            long w = (long)k * Plan.Dilation;
            scratch.TorchPosition[r * Plan.Kernel + k] = TorchIndices.Position(d, h, w - Plan.Padding, Plan.Input);
            scratch.Ordinal[r * Plan.Kernel + k] = (int)WindowIndices.Ordinal(d, h, first.Cols.Origin + w, first);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(float* target, long count, float value)
    {
        long i = 0;
        for (; i + RowPlan.Lanes <= count; i += RowPlan.Lanes)
        {
            Vector256.Create(value).Store(target + i);
        }

        for (; i < count; i++)
        {
            target[i] = value;
        }
    }
}
/// <summary>The vector form of <see cref="MaxReduction{T, TAcc, TElement, TIndex}"/> over output rows.</summary>
internal readonly unsafe struct MaxRows<T, TAcc, TElement, TGeometry, TIndex, TLoad>(RowSource<T> source, ArrayView<T> input, TGeometry geometry, MaxReduction<T, TAcc, TElement, TIndex> reduction)
    : IRangeBody
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
    where TIndex : struct, IMaxIndexFormat
    where TLoad : struct, IColumnLoad
{
    private readonly T* values = HostMemory.Address(reduction.Values);
    private readonly long* torch = typeof(TIndex) == typeof(TorchIndices) ? HostMemory.Address(HostMemory.As<TIndex, TorchIndices>(reduction.Indices).View) : null;
    private readonly byte* bytes = typeof(TIndex) == typeof(WindowIndices) ? HostMemory.Address(HostMemory.As<TIndex, WindowIndices>(reduction.Indices).Bytes) : null;
    private readonly int bytesPerIndex = typeof(TIndex) == typeof(WindowIndices) ? HostMemory.As<TIndex, WindowIndices>(reduction.Indices).BytesPerIndex : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        ref readonly var plan = ref source.Plan;
        using var memory = new Scratch(plan.ChunkBytes);
        var scratch = new RowScratch(plan, memory);
        for (var rows = new RowCursor(plan.Output, start); rows.Row < end; rows.Advance())
        {
            var window = source.Fill(rows.Row, rows.At, float.NegativeInfinity, scratch, positions: typeof(TIndex) != typeof(NoIndices));
            if (window.IsEmpty)
            {
                Scalar(plan, window, 0, plan.Width);
                continue;
            }

            for (int block = 0; block < plan.Blocks; block += RowPlan.Group)
            {
                Blocks(plan, window, scratch, plan.BlockStart(block), plan.BlockStart(block + 1), plan.BlockStart(block + 2), plan.BlockStart(block + 3));
            }

            for (int i = 0; i < plan.EmptyCount; i++)
            {
                Scalar(plan, window, plan.EmptyColumns[i], plan.EmptyColumns[i] + 1);
            }
        }
    }

    /// <summary>
    /// Four vectors of columns, from <paramref name="f0"/> to <paramref name="f3"/>, at once: each
    /// max-and-select chain waits on its own last select, so four independent chains keep the
    /// core busy where one would wait (stem max pool: 2x, measured).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Blocks(in RowPlan plan, in RowWindow window, in RowScratch scratch, int f0, int f1, int f2, int f3)
    {
        var load = default(TLoad);
        var rows0 = scratch.RowsFor(plan, f0);
        var rows1 = scratch.RowsFor(plan, f1);
        var rows2 = scratch.RowsFor(plan, f2);
        var rows3 = scratch.RowsFor(plan, f3);
        var max0 = Vector256.Create(float.NegativeInfinity);
        var (max1, max2, max3) = (max0, max0, max0);
        var (arg0, arg1, arg2, arg3) = (Vector256.Load(plan.FirstPosition + f0), Vector256.Load(plan.FirstPosition + f1), Vector256.Load(plan.FirstPosition + f2), Vector256.Load(plan.FirstPosition + f3));
        int q = 0;
        long stride = plan.Stride;
        for (int r = 0; r < window.RowCount; r++)
        {
            var p0 = rows0[r] + (f0 * stride);
            var p1 = rows1[r] + (f1 * stride);
            var p2 = rows2[r] + (f2 * stride);
            var p3 = rows3[r] + (f3 * stride);
            for (int k = 0; k < plan.Kernel; k++, q++)
            {
                long at = (long)k * plan.Dilation;
                var position = Vector256.Create(q);
                var v0 = load.Load(p0 + at, plan.Stride);
                var v1 = load.Load(p1 + at, plan.Stride);
                var v2 = load.Load(p2 + at, plan.Stride);
                var v3 = load.Load(p3 + at, plan.Stride);
                var take0 = ~Vector256.Equals(v0, v0) | Vector256.GreaterThan(v0, max0);
                var take1 = ~Vector256.Equals(v1, v1) | Vector256.GreaterThan(v1, max1);
                var take2 = ~Vector256.Equals(v2, v2) | Vector256.GreaterThan(v2, max2);
                var take3 = ~Vector256.Equals(v3, v3) | Vector256.GreaterThan(v3, max3);
                (max0, arg0) = (Vector256.ConditionalSelect(take0, v0, max0), Vector256.ConditionalSelect(take0.AsInt32(), position, arg0));
                (max1, arg1) = (Vector256.ConditionalSelect(take1, v1, max1), Vector256.ConditionalSelect(take1.AsInt32(), position, arg1));
                (max2, arg2) = (Vector256.ConditionalSelect(take2, v2, max2), Vector256.ConditionalSelect(take2.AsInt32(), position, arg2));
                (max3, arg3) = (Vector256.ConditionalSelect(take3, v3, max3), Vector256.ConditionalSelect(take3.AsInt32(), position, arg3));
            }
        }

        Store(plan, window, scratch, f0, max0, arg0);
        Store(plan, window, scratch, f1, max1, arg1);
        Store(plan, window, scratch, f2, max2, arg2);
        Store(plan, window, scratch, f3, max3, arg3);
    }

    /// <summary>The maxima of columns <c>[ow0, ow0 + 8)</c> (or to the row's end, when it has fewer) and their positions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(in RowPlan plan, in RowWindow window, in RowScratch scratch, int ow0, Vector256<float> max, Vector256<int> arg)
    {
        int lanes = (int)Math.Min(RowPlan.Lanes, plan.Width - ow0);
        long o = window.FirstOutput + ow0;
        VectorCodec<T>.Store(max, values + o, lanes, (T*)scratch.Spill);

        for (int j = 0; j < lanes && typeof(TIndex) != typeof(NoIndices); j++)
        {
            int position = arg[j];
            if (typeof(TIndex) == typeof(TorchIndices))
            {
                torch[o + j] = scratch.TorchPosition[position] + (long)(ow0 + j) * plan.Stride;
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

    /// <summary>Columns <c>[from, to)</c> of the row by the kernel's own per-output body.</summary>
    private void Scalar(in RowPlan plan, in RowWindow window, long from, long to)
    {
        for (long ow = from; ow < to; ow++)
        {
            WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, MaxReduction<T, TAcc, TElement, TIndex>>.Output(
                input, plan.Shape, geometry, reduction, window.FirstOutput + ow, window.At with { W = ow });
        }
    }
}

/// <summary>The vector form of <see cref="AverageReduction{T, TAcc, TElement}"/> over output rows.</summary>
internal readonly unsafe struct AverageRows<T, TAcc, TElement, TGeometry, TLoad>(RowSource<T> source, ArrayView<T> input, TGeometry geometry, AverageReduction<T, TAcc, TElement> reduction)
    : IRangeBody
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
    where TLoad : struct, IColumnLoad
{
    private readonly T* values = HostMemory.Address(reduction.Values);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        ref readonly var plan = ref source.Plan;
        using var memory = new Scratch(plan.ChunkBytes);
        var scratch = new RowScratch(plan, memory);
        for (var rows = new RowCursor(plan.Output, start); rows.Row < end; rows.Advance())
        {
            var window = source.Fill(rows.Row, rows.At, 0f, scratch, positions: false);
            if (window.IsEmpty)
            {
                Scalar(plan, window, 0, plan.Width);
                continue;
            }

            // The divisor: the override, or the window's extent, depth x rows x columns (the kernel's
            // long product, exact in float: RowPlan.Fits keeps it below 2^16).
            float rowExtent = window.Depth.Extent * window.Rows.Extent;
            for (int block = 0; block < plan.Blocks; block += RowPlan.Group)
            {
                Blocks(plan, window, scratch, rowExtent, plan.BlockStart(block), plan.BlockStart(block + 1), plan.BlockStart(block + 2), plan.BlockStart(block + 3));
            }

            for (int i = 0; i < plan.EmptyCount; i++)
            {
                Scalar(plan, window, plan.EmptyColumns[i], plan.EmptyColumns[i] + 1);
            }
        }
    }

    /// <summary>Four vectors of columns at once (see <see cref="MaxRows{T, TAcc, TElement, TGeometry, TIndex, TLoad}"/>: four chains of adds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Blocks(in RowPlan plan, in RowWindow window, in RowScratch scratch, float rowExtent, int f0, int f1, int f2, int f3)
    {
        var load = default(TLoad);
        var rows0 = scratch.RowsFor(plan, f0);
        var rows1 = scratch.RowsFor(plan, f1);
        var rows2 = scratch.RowsFor(plan, f2);
        var rows3 = scratch.RowsFor(plan, f3);
        var (sum0, sum1, sum2, sum3) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        long stride = plan.Stride;
        for (int r = 0; r < window.RowCount; r++)
        {
            var p0 = rows0[r] + (f0 * stride);
            var p1 = rows1[r] + (f1 * stride);
            var p2 = rows2[r] + (f2 * stride);
            var p3 = rows3[r] + (f3 * stride);
            for (int k = 0; k < plan.Kernel; k++)
            {
                long at = (long)k * plan.Dilation;
                sum0 += load.Load(p0 + at, plan.Stride);
                sum1 += load.Load(p1 + at, plan.Stride);
                sum2 += load.Load(p2 + at, plan.Stride);
                sum3 += load.Load(p3 + at, plan.Stride);
            }
        }

        Store(plan, window, scratch, rowExtent, f0, sum0);
        Store(plan, window, scratch, rowExtent, f1, sum1);
        Store(plan, window, scratch, rowExtent, f2, sum2);
        Store(plan, window, scratch, rowExtent, f3, sum3);
    }

    /// <summary>The means of columns <c>[ow0, ow0 + 8)</c> (or to the row's end) from their sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(in RowPlan plan, in RowWindow window, in RowScratch scratch, float rowExtent, int ow0, Vector256<float> sum)
    {
        var divisor = reduction.DivisorOverride != 0
            ? Vector256.Create((float)reduction.DivisorOverride)
            : Vector256.Create(rowExtent) * Vector256.Load(plan.ColumnExtent + ow0);
        var mean = sum / divisor;
        int lanes = (int)Math.Min(RowPlan.Lanes, plan.Width - ow0);
        long o = window.FirstOutput + ow0;
        VectorCodec<T>.Store(mean, values + o, lanes, (T*)scratch.Spill);
    }

    private void Scalar(in RowPlan plan, in RowWindow window, long from, long to)
    {
        for (long ow = from; ow < to; ow++)
        {
            WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, AverageReduction<T, TAcc, TElement>>.Output(
                input, plan.Shape, geometry, reduction, window.FirstOutput + ow, window.At with { W = ow });
        }
    }
}
