using System.Numerics;
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
/// Every load is a plain one. Float rows are read in place where no vector reaches past either
/// end of the row; otherwise (and for float16 and bfloat16, converted once) each input row is
/// copied into a ring slot with room on both sides, filled with a value that changes no lane's
/// result: -inf for a max (never taken: it is neither NaN nor greater than anything), +0 for a sum
/// (the sum starts at +0 and so is never -0, and x + 0 is x for every other x). Only columns whose
/// windows hold no input position at all (the kernel stores its "none" there) run the kernel's own
/// per-output body.
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
        if (!VectorCodec<T>.Supported || !RowPlan.Fits(shape))
        {
            return false;
        }

        using var tables = new Scratch(WindowTables.Bytes(shape) + RowPlan.TableBytes(shape));
        var windows = WindowTables.Of(geometry, shape, tables);
        if (!windows.RegularColumns || windows.MaxPositions > RowPlan.MaxPositions)
        {
            return false;
        }

        bool positions = typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>) || typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>);
        var plan = new RowPlan(shape, windows, tables, typeof(T) != typeof(float), planes: !positions);
        if (!plan.Planes && plan.RingRows * (plan.Copies ? (long)plan.SlotWidth : 1) > RowPlan.MaxRingFloats)
        {
            return false;
        }

        return plan.Stride switch
        {
            1 => VectorReductions.Run<T, TAcc, TElement, TReduction, RowForms<T, TAcc, TElement, TGeometry, UnitStride>>(reduction, new(input, plan, geometry)),
            2 => VectorReductions.Run<T, TAcc, TElement, TReduction, RowForms<T, TAcc, TElement, TGeometry, PairStride>>(reduction, new(input, plan, geometry)),
            _ => VectorReductions.Run<T, TAcc, TElement, TReduction, RowForms<T, TAcc, TElement, TGeometry, AnyStride>>(reduction, new(input, plan, geometry)),
        };
    }
}

/// <summary>The row loop of each reduction: its fold (for windows with and without NaNs) and its stores.</summary>
internal readonly unsafe struct RowForms<T, TAcc, TElement, TGeometry, TLoad>(ArrayView<T> input, RowPlan plan, TGeometry geometry) : IReductionForms<T, TAcc, TElement>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
    where TLoad : struct, IColumnLoad
{
    /// <summary>The items of <see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/>: output rows, or blocks of them.</summary>
    private long Items => plan.Planes ? plan.Output.N * plan.Output.C * plan.Blocks : plan.Output.N * plan.Output.C * plan.Output.D * plan.Output.H;

    private long Work => plan.Input.Length + plan.Output.Length * plan.Positions;

    private RowSource<T> Source => new(HostMemory.Address(input), plan);

    public void Max<TIndex>(MaxReduction<T, TAcc, TElement, TIndex> reduction)
        where TIndex : struct, IMaxIndexFormat
    {
        var columns = new MaxColumns<T, TAcc, TElement, TGeometry, TIndex>(input, geometry, reduction);
        if (typeof(TIndex) == typeof(NoIndices))
        {
            HostLoops.For(Items, Work, new PoolRows<T, TLoad, MaxFold<AnyValues>, MaxFold<Numbers>, MaxColumns<T, TAcc, TElement, TGeometry, TIndex>>(Source, columns));
        }
        else
        {
            HostLoops.For(Items, Work, new PoolRows<T, TLoad, ArgMaxFold<AnyValues>, ArgMaxFold<Numbers>, MaxColumns<T, TAcc, TElement, TGeometry, TIndex>>(Source, columns));
        }
    }

    public void Average(AverageReduction<T, TAcc, TElement> reduction) =>
        HostLoops.For(Items, Work, new PoolRows<T, TLoad, SumFold, SumFold, MeanColumns<T, TAcc, TElement, TGeometry>>(Source, new(input, geometry, reduction)));
}

/// <summary>
/// What every output row of a call shares: the windows, per-column tables, and the vectors a row
/// is cut into (in memory the caller owns for the call).
/// </summary>
internal readonly unsafe struct RowPlan
{
    /// <summary>Output columns a vector holds.</summary>
    internal const int Lanes = 8;

    /// <summary>The most positions a window may hold: its average's divisor and every factor of it then convert to float exactly.</summary>
    internal const int MaxPositions = 1 << 16;

    /// <summary>Vectors run together (<see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/>).</summary>
    internal const int Group = 4;

    /// <summary>
    /// The most floats of a block's copied rows (<see cref="Planes"/>): 32 KiB, within a core's L1,
    /// which each group of vectors reads again. Measured on 1x3x224x224 max 3x3 s2 and 1x1x1024x1024
    /// average 3x3: 16 KiB blocks cost more per block, 64 KiB ones miss L1 (both 10-20% slower).
    /// </summary>
    internal const long BlockFloats = 1 << 13;

    /// <summary>The most floats of a chunk's ring of copied rows (16 MiB, <see cref="Copies"/>), and the most slots of a ring whose rows are read in place.</summary>
    internal const long MaxRingFloats = 1 << 22;

    /// <param name="shape">The call's shapes.</param>
    /// <param name="windows">Its windows, regular along W.</param>
    /// <param name="tables">Memory for the per-column tables, of <see cref="TableBytes"/>.</param>
    /// <param name="converts">Whether input rows are converted into the ring's float rows (float16, bfloat16).</param>
    /// <param name="planes">Whether the call may take whole planes at a time (<see cref="Planes"/>): its stores read no positions.</param>
    internal RowPlan(PoolShape shape, WindowTables windows, Scratch tables, bool converts, bool planes)
    {
        Shape = shape;
        (Input, Output, Width, InputWidth) = (shape.Input, shape.Output, (int)shape.Output.W, (int)shape.Input.W);
        var column = windows.Cols[0];
        (Stride, Dilation, Kernel, Padding) = ((int)windows.ColumnStride, column.Step, (int)column.Span, (int)-column.Origin);
        var spans = windows.MaxSpans;
        MaxRows = (int)(spans.Depth * spans.Rows);
        Positions = MaxRows * Kernel;
        DepthWindows = windows.Depths;
        RowWindows = windows.Rows;
        FirstColumn = column;

        // Two input rows of one window are less than `reach` rows apart in memory order: a ring of
        // at least as many slots, indexed by the row's index modulo its size (a power of two: a
        // mask), holds every row of a window at once.
                long reach = ((Reach(windows.Depths, windows.DepthCount) - 1) * shape.Input.H) + Reach(windows.Rows, windows.RowCount);
        RingRows = (int)BitOperations.RoundUpToPowerOf2((ulong)Math.Min(reach, MaxRingFloats + 1));

        long outputs = shape.Output.W;
        int laneColumns = (int)Math.Max(outputs, Lanes);
        FirstPosition = tables.Take<int>(laneColumns);
        ColumnExtent = tables.Take<float>(laneColumns);
        EmptyColumns = tables.Take<int>(laneColumns);
        for (int ow = 0; ow < laneColumns; ow++)
        {
            var window = windows.Cols[Math.Min(ow, outputs - 1)];
            FirstPosition[ow] = (int)((window.Start - window.Origin) / window.Step);
            ColumnExtent[ow] = window.Extent;
            if (window.IsEmpty && ow < outputs)
            {
                EmptyColumns[EmptyCount++] = ow;
            }

        }

        // The row's vectors: from columns 0, 8, 16, ..., the last ending at the row's end (it may
        // overlap the one before), in groups of four (the last filled up with repeats of its last
        // vector, which it does not run: LastGroupVectors). The columns they read, all eight lanes of
        // every window position (the widest load, a gather, reads to lane 7's column), set the
        // room a ring slot keeps on each side of its row.
        int count = (Width + Lanes - 1) / Lanes;
        GroupCount = (count + Group - 1) / Group;
        LastGroupVectors = count - ((GroupCount - 1) * Group);
        Vectors = tables.Take<int>(GroupCount * Group);
        long lowest = 0, highest = shape.Input.W;
        for (int i = 0; i < GroupCount * Group; i++)
        {
            Vectors[i] = Math.Max(0, Math.Min(Math.Min(i, count - 1) * Lanes, Width - Lanes));
            long first = ((long)Vectors[i] * Stride) - Padding;
            lowest = Math.Min(lowest, first);
            highest = Math.Max(highest, first + ((Kernel - 1L) * Dilation) + ((Lanes - 1L) * Stride) + 1);
        }

        (Left, Right) = ((int)Math.Min(-lowest, MaxRingFloats), (int)Math.Min(highest - shape.Input.W, MaxRingFloats));
        Copies = converts || Left > 0 || Right > 0;

        // A 2D (or 1D) call whose windows along H are regular takes planes, or blocks of their
        // rows: a block's input rows are copied (or read in place) once, rows outside the input
        // as pad, and every window reads all its kernel's rows at a fixed distance from the one
        // before: no ring, no per-row setup.
        var rows = windows.Rows;
        long height = shape.Input.H;
        if (planes && shape.Input.D == 1 && shape.Output.D == 1 && windows.RegularRows && !windows.Depths[0].IsEmpty)
        {
            (FirstRow, EndRow) = (0, (int)shape.Output.H);
            while (FirstRow < EndRow && rows[FirstRow].IsEmpty)
            {
                FirstRow++;
            }

            while (EndRow > FirstRow && rows[EndRow - 1].IsEmpty)
            {
                EndRow--;
            }

            (RowStride, RowDilation, KernelRows) = ((int)windows.RowStride, rows[0].Step, (int)rows[0].Span);

            // Few planes are cut into blocks of rows, so that every core has a few to take; wide
            // rows too, so that a block's copied rows stay in the core's caches.
            long planeCount = shape.Output.N * shape.Output.C;
            long outputRows = Math.Max(1, shape.Output.H);
            long span = ((KernelRows - 1L) * RowDilation) + 1;
            long fit = BlockFloats / SlotWidth;
            long cached = fit < span ? 0 : ((fit - span) / RowStride) + 1;
            long blocks = Math.Max(Math.Clamp((HostLoops.MostChunks + planeCount - 1) / planeCount, 1, outputRows), (outputRows + cached - 1) / Math.Max(1, cached));
            BlockRows = (int)((outputRows + blocks - 1) / blocks);
            Blocks = (int)((outputRows + BlockRows - 1) / BlockRows);
            BlockInputRows = (int)(((BlockRows - 1L) * RowStride) + span);
            long last = rows[shape.Output.H - 1].Origin + span - 1;
            bool copies = Copies || rows[0].Origin < 0 || last >= height;
            Planes = cached >= 1 && Between(rows, FirstRow, EndRow);
            Copies = Planes ? copies : Copies;
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

    /// <summary>The most input rows a window holds (depth times rows).</summary>
    internal int MaxRows { get; }

    /// <summary>The most positions a window holds.</summary>
    internal int Positions { get; }

    /// <summary>Whether the call takes planes, or blocks of a plane's rows, at a time (<see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/>): with <see cref="Copies"/>, a block's input rows in the ring.</summary>
    internal bool Planes { get; }

    /// <summary>The first output row whose window holds an input row (<see cref="Planes"/>).</summary>
    internal int FirstRow { get; }

    /// <summary>Past the last output row whose window holds an input row; every row from <see cref="FirstRow"/> on holds one.</summary>
    internal int EndRow { get; }

    /// <summary>The blocks of output rows a plane is cut into (<see cref="Planes"/>), each pooled on its own.</summary>
    internal int Blocks { get; }

    /// <summary>The output rows of a block (the last may have fewer).</summary>
    internal int BlockRows { get; }

    /// <summary>The distance between consecutive windows along H.</summary>
    internal int RowStride { get; }

    /// <summary>The distance between a window's rows.</summary>
    internal int RowDilation { get; }

    /// <summary>The rows every window spans, inside the plane or in its pad.</summary>
    internal int KernelRows { get; }

    /// <summary>The input rows a block's windows span, from its first window's first row (some may lie outside the input).</summary>
    internal int BlockInputRows { get; }

    /// <summary>The floats of the ring: a block's input rows, or a slot per ring row (none where rows are read in place).</summary>
    internal long RingFloats => Copies ? (Planes ? BlockInputRows : RingRows) * SlotWidth : 0;

    /// <summary>Slots of a chunk's ring of rows, a power of two: what is known of an input row (whether it holds a NaN; with <see cref="Copies"/>, the row in floats).</summary>
    internal int RingRows { get; }

    /// <summary>Whether the ring's slots hold their rows in floats, with room on both sides: float16 and bfloat16 rows, and rows that vectors read past either end; else float rows are read in place.</summary>
    internal bool Copies { get; }

    /// <summary>The room before a slot's row: the most columns a vector reads before the row's start.</summary>
    internal int Left { get; }

    /// <summary>The room after a slot's row: the most columns a vector reads past the row's end.</summary>
    internal int Right { get; }

    /// <summary>The floats of a ring slot.</summary>
    internal long SlotWidth => (long)Left + InputWidth + Right;

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

    /// <summary>The first output column of each vector of a row, <see cref="GroupCount"/> groups of <see cref="Group"/>.</summary>
    internal int* Vectors { get; }

    internal int GroupCount { get; }

    /// <summary>The distinct vectors of the last group (1 to 4); its other places repeat its last one.</summary>
    internal int LastGroupVectors { get; }

    /// <summary>The bytes of one chunk's scratch: the window rows' addresses, the ring, its keys and NaN flags, two position tables, a vector's spill.</summary>
    internal long ChunkBytes => Scratch.Bytes(MaxRows * 8L, RingFloats * 4, RingRows * 8L, RingRows, Positions * 8L, Positions * 4L, Lanes * 8);

    /// <summary>The columns of a vector from <paramref name="first"/> that the row has: eight, or fewer in a row of fewer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int LanesFrom(int first) => Math.Min(Lanes, Width - first);

    /// <summary>Whether the call's sizes fit the plan's int-sized rows and tables.</summary>
    internal static bool Fits(PoolShape shape) =>
        shape.Output.W < 1 << 24 && shape.Input.W < 1 << 24 && shape.Output.D < 1 << 24 && shape.Output.H < 1 << 24;

    /// <summary>The bytes of the per-call tables (besides the windows).</summary>
    internal static long TableBytes(PoolShape shape)
    {
        long columns = Math.Max(shape.Output.W, Lanes);
        long groups = (shape.Output.W + (Lanes * Group) - 1) / (Lanes * Group);
        return Scratch.Bytes(columns * 4, columns * 4, columns * 4, groups * Group * 4);
    }

    /// <summary>Whether every window from <paramref name="first"/> to <paramref name="end"/> holds an input position.</summary>
    private static bool Between(AxisWindow* windows, int first, int end)
    {
        for (int o = first; o < end; o++)
        {
            if (windows[o].IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The most positions from a window's first input position to its last, along one axis, plus one.</summary>
    private static long Reach(AxisWindow* windows, long count)
    {
        long most = 1;
        for (long o = 0; o < count; o++)
        {
            most = Math.Max(most, (windows[o].Span - 1) * windows[o].Step + 1);
        }

        return most;
    }
}
