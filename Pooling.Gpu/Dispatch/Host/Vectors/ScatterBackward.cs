using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Max and average pooling backward of channels-first tensors (strided windows; adaptive ones,
/// whose compact ordinals decode alike where all windows have one size), the host path's form of <see cref="WindowPoolBackward{T, TAcc, TElement, TLayout, TGeometry, TGradient}"/>:
/// a scatter, one (n, c) plane at a time, that visits the plane's outputs in order (depth, rows,
/// columns) and adds each output's share to the inputs it gives one, into a float plane that
/// starts at +0 (float tensors: the gradient's own plane). Each input so receives the shares the
/// kernel's gather sums for it, in the gather's order, from +0: the same bits. An output gives
/// an input a share exactly when the gather would take it: the input lies in the output's window
/// span (<see cref="IWindowGeometry"/>'s covering outputs are those) and, for max pooling, is the
/// position the index records.
/// </summary>
internal static unsafe class ScatterBackward
{
    /// <summary>The most window positions (and so compact ordinals) the decoding table holds.</summary>
    private const int MaxPositions = 1 << 16;

    /// <summary>The largest plane a float16 or bfloat16 gradient is summed in (a float plane per chunk).</summary>
    private const long MaxScratchPlane = 1 << 24;

    /// <summary>Runs a max or average backward of a float, float16 or bfloat16 tensor; false, and nothing written, for any other.</summary>
    internal static bool TryRun<T, TAcc, TElement, TGeometry, TGradient>(ArrayView<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        long plane = shape.Input.D * shape.Input.H * shape.Input.W;
        if (!VectorCodec<T>.Supported
            || (typeof(T) != typeof(float) && plane > MaxScratchPlane) || shape.Output.D * shape.Output.H * shape.Output.W > int.MaxValue)
        {
            return false;
        }

        using var memory = new Scratch(WindowTables.Bytes(shape) + ScatterPlan.TableBytes(shape, MaxPositions));
        var windows = WindowTables.Of(geometry, shape, memory);
        long positions = windows.MaxPositions;
        bool compact = typeof(TGradient) == typeof(MaxGradient<T, TAcc, TElement, WindowIndices>);
        if (positions > MaxPositions || (compact && !windows.UniformSpans))
        {
            return false;
        }

        var plan = new ScatterPlan(shape, windows, memory);
        long planes = shape.Input.N * shape.Input.C;
        long work = shape.Input.Length + shape.Output.Length * (typeof(TGradient) == typeof(AverageGradient<T, TAcc, TElement>) ? positions : 1);
        T* target = HostMemory.Address(gradInput);
        if (typeof(TGradient) == typeof(MaxGradient<T, TAcc, TElement, TorchIndices>))
        {
            var max = HostMemory.As<TGradient, MaxGradient<T, TAcc, TElement, TorchIndices>>(gradient);
            HostLoops.For(planes, work, new MaxScatter<T, TorchIndices>(plan, target, HostMemory.Address(max.GradOutput), (byte*)HostMemory.Address(max.Indices.View), 8));
        }
        else if (compact)
        {
            var max = HostMemory.As<TGradient, MaxGradient<T, TAcc, TElement, WindowIndices>>(gradient);
            HostLoops.For(planes, work, new MaxScatter<T, WindowIndices>(plan, target, HostMemory.Address(max.GradOutput), HostMemory.Address(max.Indices.Bytes), max.Indices.BytesPerIndex));
        }
        else if (typeof(TGradient) == typeof(AverageGradient<T, TAcc, TElement>))
        {
            var average = HostMemory.As<TGradient, AverageGradient<T, TAcc, TElement>>(gradient);
            HostLoops.For(planes, work, new AverageScatter<T>(plan, target, HostMemory.Address(average.GradOutput), average.DivisorOverride));
        }
        else
        {
            return false;
        }

        return true;
    }
}

/// <summary>What every plane of a backward call shares: the windows of each output along each axis, and the decoding of compact ordinals.</summary>
internal readonly unsafe struct ScatterPlan
{
    /// <summary>The windows and tables of <paramref name="shape"/>; compact ordinals decode by the spans of the first window (all alike where they are used).</summary>
    internal ScatterPlan(PoolShape shape, WindowTables windows, Scratch memory)
    {
        (Input, Output) = (shape.Input, shape.Output);
        PlaneLength = shape.Input.D * shape.Input.H * shape.Input.W;
        Windows = windows;
        WholePlane = shape.Output.D * shape.Output.H * shape.Output.W == 1
            && Whole(windows.Depths[0], shape.Input.D) && Whole(windows.Rows[0], shape.Input.H) && Whole(windows.Cols[0], shape.Input.W);
        (WidthDivisor, HeightDivisor) = (new Divisor(shape.Input.W), new Divisor(shape.Input.H));

        // Ordinal q of a window: (i * Span_h + j) * Span_w + k, at offsets (i, j, k) times the steps from the origin.
        var (depth, rows, cols) = (windows.Depths[0], windows.Rows[0], windows.Cols[0]);
        Positions = (int)(depth.Span * rows.Span * cols.Span);
        Offsets = memory.Take<Coordinates>(Positions);
        Deltas = memory.Take<long>(Positions);
        for (int q = 0; q < Positions; q++)
        {
            long rest = Math.DivRem(q, cols.Span, out long k);
            long i = Math.DivRem(rest, rows.Span, out long j);
            Offsets[q] = new Coordinates(0, 0, i * depth.Step, j * rows.Step, k * cols.Step);
            Deltas[q] = TorchIndices.Position(i * depth.Step, j * rows.Step, k * cols.Step, shape.Input);
        }

        ColumnOrigins = memory.Take<long>(shape.Output.W);
        long start = 0;
        for (long ow = 0; ow < shape.Output.W; ow++)
        {
            ColumnOrigins[ow] = windows.Cols[ow].Origin;
            start += start == ow && !Inside(windows.Cols[ow], shape.Input.W) ? 1 : 0;
        }

        long end = start;
        while (end < shape.Output.W && Inside(windows.Cols[end], shape.Input.W))
        {
            end++;
        }

        (InteriorStart, InteriorEnd) = (start, end);

        // Every window inside the input (adaptive 15 -> 7, strided pooling without padding): each
        // output's window origin in the plane, so that a plane's outputs are one loop.
        long outputs = shape.Output.D * shape.Output.H * shape.Output.W;
        if (outputs <= MaxOrigins && InteriorStart == 0 && InteriorEnd == shape.Output.W && All(windows.Depths, shape.Output.D, shape.Input.D) && All(windows.Rows, shape.Output.H, shape.Input.H))
        {
            OutputOrigins = memory.Take<long>(outputs);
            for (long o = 0; o < outputs; o++)
            {
                long rest = Math.DivRem(o, shape.Output.W, out long ow);
                long od = Math.DivRem(rest, shape.Output.H, out long oh);
                OutputOrigins[o] = TorchIndices.Position(windows.Depths[od].Origin, windows.Rows[oh].Origin, windows.Cols[ow].Origin, shape.Input);
            }
        }
    }

    /// <summary>The most outputs of a plane whose window origins <see cref="OutputOrigins"/> holds.</summary>
    private const long MaxOrigins = 1 << 12;

    /// <summary>The bytes of the tables besides the windows, for windows of up to <paramref name="positions"/> positions.</summary>
    internal static long TableBytes(PoolShape shape, long positions) =>
        Scratch.Bytes(positions * sizeof(Coordinates), positions * 8, shape.Output.W * 8, Math.Min(shape.Output.D * shape.Output.H * shape.Output.W, MaxOrigins) * 8);

    internal TensorDims Input { get; }

    internal TensorDims Output { get; }

    internal long PlaneLength { get; }

    /// <summary>Whether a plane has one output whose window is the whole plane (global pooling).</summary>
    internal bool WholePlane { get; }

    /// <summary>Per output along D, H and W: its window.</summary>
    internal WindowTables Windows { get; }

    internal Divisor WidthDivisor { get; }

    internal Divisor HeightDivisor { get; }

    /// <summary>The positions of a window: every ordinal below this is one.</summary>
    internal int Positions { get; }

    /// <summary>Per ordinal: its position's offset from the window's origin.</summary>
    internal Coordinates* Offsets { get; }

    /// <summary>Per ordinal: its position's plane offset from the window's origin, for windows inside the input.</summary>
    internal long* Deltas { get; }

    /// <summary>Per output along W: its window's origin.</summary>
    internal long* ColumnOrigins { get; }

    /// <summary>Per output of a plane: its window's origin as a plane offset, where every window lies inside the input; else null.</summary>
    internal long* OutputOrigins { get; }

    /// <summary>The first output column whose window's span lies inside the input's row, and the end of the run of such columns from it.</summary>
    internal long InteriorStart { get; }

    internal long InteriorEnd { get; }

    /// <summary>Whether <paramref name="window"/>'s whole span, origin to last position, lies inside an axis of <paramref name="size"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Inside(in AxisWindow window, long size) => window.Origin >= 0 && window.Origin + (window.Span - 1) * window.Step < size;

    /// <summary>Whether each of <paramref name="count"/> windows lies inside an axis of <paramref name="size"/>.</summary>
    private static bool All(AxisWindow* windows, long count, long size)
    {
        for (long o = 0; o < count; o++)
        {
            if (!Inside(windows[o], size))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="window"/> holds every position of an axis of <paramref name="size"/>, each once.</summary>
    private static bool Whole(in AxisWindow window, long size) => window.Start == 0 && window.End == size && window.Step == 1;

    /// <summary>Whether input position <paramref name="i"/> lies in <paramref name="window"/>'s span: the gather's covering outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Covers(in AxisWindow window, long i) => i >= window.Origin && i <= window.Origin + (window.Span - 1) * window.Step;
}

/// <summary>Max pooling backward: each output's gradient to the input position its index records, if its window covers it.</summary>
internal readonly unsafe struct MaxScatter<T, TIndex>(ScatterPlan plan, T* gradInput, T* gradOutput, byte* indices, int bytesPerIndex) : IRangeBody
    where T : unmanaged
    where TIndex : struct, IMaxIndexFormat
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        long length = plan.PlaneLength;
        long outputs = plan.Output.D * plan.Output.H * plan.Output.W;
        using var memory = new Scratch(typeof(T) == typeof(float) ? 0 : length * 4);
        for (long p = start; p < end; p++)
        {
            float* sums = typeof(T) == typeof(float) ? (float*)(gradInput + p * length) : (float*)memory.Start;
            System.Runtime.InteropServices.NativeMemory.Clear(sums, (nuint)(length * 4));

            long o = p * outputs;
            if (typeof(TIndex) == typeof(WindowIndices) && plan.OutputOrigins != null && bytesPerIndex == 1)
            {
                Interior(sums, o, 0, indices, plan.OutputOrigins, 0, outputs);
            }
            else if (typeof(TIndex) == typeof(WindowIndices) && plan.OutputOrigins != null)
            {
                Interior(sums, o, 0, (uint*)indices, plan.OutputOrigins, 0, outputs);
            }
            else
            {
                Rows(sums, o);
            }

            if (typeof(T) != typeof(float))
            {
                VectorCodec<T>.StoreAll(sums, gradInput + p * length, length);
            }
        }
    }

    /// <summary>A plane's outputs from <paramref name="o"/>, row by row: each row's interior run of columns, then the others.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Rows(float* sums, long o)
    {
        for (long od = 0; od < plan.Output.D; od++)
        {
            for (long oh = 0; oh < plan.Output.H; oh++, o += plan.Output.W)
            {
                ref readonly var depth = ref plan.Windows.Depths[od];
                ref readonly var rows = ref plan.Windows.Rows[oh];
                long ow = 0;
                if (typeof(TIndex) == typeof(WindowIndices) && ScatterPlan.Inside(depth, plan.Input.D) && ScatterPlan.Inside(rows, plan.Input.H))
                {
                    for (; ow < plan.InteriorStart; ow++)
                    {
                        Add(sums, o + ow, Position(o + ow, od, oh, ow));
                    }

                    long origin = ((depth.Origin * plan.Input.H) + rows.Origin) * plan.Input.W;
                    if (bytesPerIndex == 1)
                    {
                        Interior(sums, o, origin, indices, plan.ColumnOrigins, plan.InteriorStart, plan.InteriorEnd);
                    }
                    else
                    {
                        Interior(sums, o, origin, (uint*)indices, plan.ColumnOrigins, plan.InteriorStart, plan.InteriorEnd);
                    }

                    ow = plan.InteriorEnd;
                }

                for (; ow < plan.Output.W; ow++)
                {
                    Add(sums, o + ow, Position(o + ow, od, oh, ow));
                }
            }
        }
    }

    /// <summary>
    /// Outputs <c>o + [from, to)</c>, whose windows lie inside the input at plane offsets
    /// <paramref name="origin"/> plus <paramref name="origins"/>: an interior run of a row's columns,
    /// or a whole plane's outputs. A compact ordinal of such a window is an input position at a
    /// fixed offset from the window's origin (a table). The hot loop of the common cases, apart so
    /// that its locals stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Interior<TOrdinal>(float* sums, long o, long origin, TOrdinal* ordinals, long* origins, long from, long to)
        where TOrdinal : unmanaged
    {
        long* deltas = plan.Deltas;
        long positions = plan.Positions;
        float* target = sums + origin;
        for (long i = from; i < to; i++)
        {
            long ordinal = typeof(TOrdinal) == typeof(byte) ? ((byte*)ordinals)[o + i] : ((uint*)ordinals)[o + i];
            if (ordinal < positions)
            {
                target[origins[i] + deltas[ordinal]] += VectorCodec<T>.LoadOne(gradOutput[o + i]);
            }
        }
    }

    /// <summary>Output <paramref name="o"/>'s gradient to plane offset <paramref name="at"/>, unless that is -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(float* sums, long o, long at)
    {
        if (at >= 0)
        {
            sums[at] += VectorCodec<T>.LoadOne(gradOutput[o]);
        }
    }

    /// <summary>The plane offset of the input output <paramref name="o"/> gives its gradient to, or -1 for none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Position(long o, long od, long oh, long ow)
    {
        ref readonly var depth = ref plan.Windows.Depths[od];
        ref readonly var rows = ref plan.Windows.Rows[oh];
        ref readonly var cols = ref plan.Windows.Cols[ow];
        long d, h, w;
        if (typeof(TIndex) == typeof(TorchIndices))
        {
            long recorded = ((long*)indices)[o];
            if ((ulong)recorded >= (ulong)plan.PlaneLength)
            {
                return -1;
            }

            long rest = plan.WidthDivisor.Floor(recorded);
            w = recorded - rest * plan.Input.W;
            d = plan.HeightDivisor.Floor(rest);
            h = rest - d * plan.Input.H;
            return ScatterPlan.Covers(depth, d) && ScatterPlan.Covers(rows, h) && ScatterPlan.Covers(cols, w) ? recorded : -1;
        }

        long ordinal = bytesPerIndex == 1 ? indices[o] : ((uint*)indices)[o];
        if (ordinal >= plan.Positions)
        {
            return -1;
        }

        ref readonly var offset = ref plan.Offsets[ordinal];
        (d, h, w) = (depth.Origin + offset.D, rows.Origin + offset.H, cols.Origin + offset.W);
        return (ulong)d < (ulong)plan.Input.D && (ulong)h < (ulong)plan.Input.H && (ulong)w < (ulong)plan.Input.W
            ? TorchIndices.Position(d, h, w, plan.Input)
            : -1;
    }
}

/// <summary>
/// Average pooling backward: each output's gradient over its divisor, to every input of its
/// window. Along W, a row's interior outputs at stride 1 give their shares eight at a time,
/// window column k from the last to the first (so each input takes its outputs' shares in order).
/// </summary>
internal readonly unsafe struct AverageScatter<T>(ScatterPlan plan, T* gradInput, T* gradOutput, int divisorOverride) : IRangeBody
    where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        long length = plan.PlaneLength;
        long width = plan.Output.W;
        using var memory = new Scratch(Scratch.Bytes(width * 4, typeof(T) == typeof(float) ? 0 : length * 4));
        float* shares = memory.Take<float>(width);
        float* scratchPlane = memory.Take<float>(typeof(T) == typeof(float) ? 0 : length);
        for (long p = start; p < end; p++)
        {
            float* sums = typeof(T) == typeof(float) ? (float*)(gradInput + p * length) : scratchPlane;
            T* g = gradOutput + (p * plan.Output.D * plan.Output.H * width);
            if (plan.WholePlane)
            {
                Whole(sums, g);
            }
            else
            {
                System.Runtime.InteropServices.NativeMemory.Clear(sums, (nuint)(length * 4));
                for (long od = 0; od < plan.Output.D; od++)
                {
                    for (long oh = 0; oh < plan.Output.H; oh++, g += width)
                    {
                        Row(sums, g, shares, plan.Windows.Depths[od], plan.Windows.Rows[oh]);
                    }
                }
            }

            if (typeof(T) != typeof(float))
            {
                VectorCodec<T>.StoreAll(sums, gradInput + p * length, length);
            }
        }
    }

    /// <summary>
    /// A plane whose one output's window is the whole plane (global pooling): every input takes
    /// that output's share alone, added to +0 as the gather adds it (so a -0 share gives +0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Whole(float* sums, T* g)
    {
        long divisor = divisorOverride != 0 ? divisorOverride : plan.Windows.Depths[0].Extent * plan.Windows.Rows[0].Extent * plan.Windows.Cols[0].Extent;
        var share = Vector256<float>.Zero + Vector256.Create(VectorCodec<T>.LoadOne(*g) / divisor);
        long length = plan.PlaneLength;
        long i = 0;
        for (; i + 8 <= length; i += 8)
        {
            share.Store(sums + i);
        }

        for (; i < length; i++)
        {
            sums[i] = share.ToScalar();
        }
    }

    /// <summary>The shares of one output row (windows <paramref name="depth"/> x <paramref name="rows"/> x each column's) into the plane's sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row(float* sums, T* g, float* shares, in AxisWindow depth, in AxisWindow rows)
    {
        long width = plan.Output.W;
        for (long ow = 0; ow < width; ow++)
        {
            // The gather's share: the gradient over the divisor (the override, or the window's extent as a long, converted to float).
            long divisor = divisorOverride != 0 ? divisorOverride : depth.Extent * rows.Extent * plan.Windows.Cols[ow].Extent;
            shares[ow] = VectorCodec<T>.LoadOne(g[ow]) / divisor;
        }

        for (long d = depth.Start; d < depth.End; d += depth.Step)
        {
            for (long h = rows.Start; h < rows.End; h += rows.Step)
            {
                float* row = sums + ((d * plan.Input.H) + h) * plan.Input.W;
                for (long ow = 0; ow < width; ow++)
                {
                    ref readonly var cols = ref plan.Windows.Cols[ow];
                    float share = shares[ow];
                    for (long w = cols.Start; w < cols.End; w += cols.Step)
                    {
                        row[w] += share;
                    }
                }
            }
        }
    }
}
