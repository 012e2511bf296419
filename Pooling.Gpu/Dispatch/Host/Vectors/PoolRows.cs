using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Gpu;

/// <summary>
/// The output rows of a <see cref="RowPlan"/>, vector by vector in groups of <see cref="RowPlan.Group"/>,
/// then the columns whose windows hold no input position by the kernel's body: one row at a time,
/// its input rows through the ring, or with <see cref="RowPlan.Planes"/> blocks of a plane's rows
/// at a time. Rows whose windows hold no NaN take <typeparamref name="TNumberFold"/>, the same
/// rule for numbers in fewer instructions, where it differs from <typeparamref name="TFold"/>
/// (max pooling; an average's sum is one rule).
/// </summary>
internal readonly unsafe struct PoolRows<T, TLoad, TFold, TNumberFold, TColumns>(RowSource<T> source, TColumns columns) : IRangeBody
    where T : unmanaged
    where TLoad : struct, IColumnLoad
    where TFold : struct, IRowFold<TFold>
    where TNumberFold : struct, IRowFold<TNumberFold>
    where TColumns : struct, IRowColumns
{
    /// <summary>Items <c>[start, end)</c>: output rows, or with <see cref="RowPlan.Planes"/> blocks of rows.</summary>
    public void Run(long start, long end)
    {
        if (source.Plan.Planes)
        {
            Blocks(start, end);
        }
        else
        {
            Rows(start, end);
        }
    }

    /// <summary>Output rows <c>[start, end)</c> (n, c, od, oh in order), their input rows through the ring.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rows(long start, long end)
    {
        ref readonly var plan = ref source.Plan;
        using var memory = new Scratch(plan.ChunkBytes);
        var scratch = new RowScratch(plan, memory, TFold.Pad.ToScalar());
        for (var rows = new RowCursor(plan.Output, start); rows.Row < end; rows.Advance())
        {
            var window = source.Fill(rows.Row, rows.At, scratch, columns.Positions, nan: typeof(TNumberFold) != typeof(TFold));
            if (window.IsEmpty)
            {
                columns.Scalar(plan, window, 0, plan.Width);
                continue;
            }

            if (window.NaN)
            {
                Groups<TFold>(plan, window, scratch, 1, 0);
            }
            else
            {
                Groups<TNumberFold>(plan, window, scratch, 1, 0);
            }

            for (int i = 0; i < plan.EmptyCount; i++)
            {
                columns.Scalar(plan, window, plan.EmptyColumns[i], plan.EmptyColumns[i] + 1);
            }
        }
    }

    /// <summary>
    /// Blocks <c>[start, end)</c> (block <c>b</c> of plane <c>p</c> is item <c>p * Blocks + b</c>):
    /// the input rows a block's windows span are copied once into the ring, rows outside the input
    /// as pad (or read in place where no window reaches past the input), then pooled a group of
    /// vectors at a time down all the block's output rows, whose windows lie at a fixed distance
    /// from each other. A window's rows of pad add the fold's pad, which changes no lane's result
    /// (as the room beside a row does), so every window reads all of its kernel's rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Blocks(long start, long end)
    {
        ref readonly var plan = ref source.Plan;
        T* input = source.Input;
        using var memory = new Scratch(plan.ChunkBytes);
        float pad = TFold.Pad.ToScalar();
        var scratch = new RowScratch(plan, memory, pad);
        long height = plan.Input.H;
        int width = plan.InputWidth;
        nint rowStep = plan.Copies ? (nint)plan.SlotWidth : width;
        long padded = long.MinValue;
        for (long item = start; item < end; item++)
        {
            long p = Divide.Quotient(item, plan.Blocks, out long block);
            long n = Divide.Quotient(p, plan.Output.C, out long c);
            long firstOutput = p * plan.Output.H * plan.Width;
            long from = block * plan.BlockRows, to = Math.Min(from + plan.BlockRows, plan.Output.H);

            // Rows whose windows hold no input row: the kernel's body, which stores its "none".
            for (long oh = from; oh < to; oh++)
            {
                if (oh < plan.FirstRow || oh >= plan.EndRow)
                {
                    columns.Scalar(plan, Row(n, c, oh, firstOutput), 0, plan.Width);
                }
            }

            (from, to) = (Math.Max(from, plan.FirstRow), Math.Min(to, plan.EndRow));
            if (from >= to)
            {
                continue;
            }

            // The input rows the block's windows span, copied into the ring (rows outside the input as pad) or read in place.
            long first = plan.RowWindows[from].Origin;
            long count = ((to - from - 1) * plan.RowStride) + ((plan.KernelRows - 1L) * plan.RowDilation) + 1;
            T* plane = input + (p * height * width);
            float* top = plan.Copies ? scratch.Ring + plan.Left : (float*)(plane + (first * width));
            bool nan = false;
            for (long i = 0; i < count; i++)
            {
                long h = first + i;
                float* row = top + (i * rowStep);
                if (h < 0 || h >= height)
                {
                    // Rows of pad stay where the last block put them when it started at the same row.
                    if (first != padded)
                    {
                        new Span<float>(row, width).Fill(pad);
                    }

                    continue;
                }

                if (plan.Copies)
                {
                    VectorCodec<T>.LoadAll(plane + (h * width), row, width);
                }

                nan = nan || (typeof(TNumberFold) != typeof(TFold) && RowSource<T>.HasNaN(row, width));
            }

            padded = first;
            for (int r = 0; r < plan.KernelRows; r++)
            {
                scratch.Rows[r] = (nint)(top + ((long)r * plan.RowDilation * rowStep));
            }

            var window = new RowWindow(
                new Coordinates(n, c, 0, from, 0), plan.DepthWindows[0].Extent * plan.RowWindows[from].Extent, plan.KernelRows, firstOutput + (from * plan.Width), nan);
            if (nan)
            {
                Groups<TFold>(plan, window, scratch, (int)(to - from), plan.RowStride * rowStep);
            }
            else
            {
                Groups<TNumberFold>(plan, window, scratch, (int)(to - from), plan.RowStride * rowStep);
            }

            for (long oh = from; oh < to; oh++)
            {
                for (int i = 0; i < plan.EmptyCount; i++)
                {
                    columns.Scalar(plan, Row(n, c, oh, firstOutput), plan.EmptyColumns[i], plan.EmptyColumns[i] + 1);
                }
            }
        }
    }

    /// <summary>Every group of vectors of <paramref name="outputRows"/> rows (as <see cref="Group"/>), the last with only its own vectors.</summary>
    private void Groups<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch, int outputRows, nint step)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        int last = plan.GroupCount - 1;
        for (int g = 0; g < last; g++)
        {
            Group<TRowFold, FourVectors>(plan, window, scratch, g, outputRows, step);
        }

        switch (plan.LastGroupVectors)
        {
            case 1:
                Group<TRowFold, OneVector>(plan, window, scratch, last, outputRows, step);
                break;
            case 2:
                Group<TRowFold, TwoVectors>(plan, window, scratch, last, outputRows, step);
                break;
            case 3:
                Group<TRowFold, ThreeVectors>(plan, window, scratch, last, outputRows, step);
                break;
            default:
                Group<TRowFold, FourVectors>(plan, window, scratch, last, outputRows, step);
                break;
        }
    }

    /// <summary>
    /// Up to four vectors of columns (<typeparamref name="TVectors"/>), from <c>first[0]</c> on, at
    /// once, of <paramref name="outputRows"/> consecutive output rows from <paramref name="window"/>'s:
    /// row <c>j</c>'s window rows are the scratch's rows plus <c>j * step</c>. Each lane's chain
    /// waits on its own last step, so four independent chains keep the core busy where one would
    /// wait; the rows of a plane share the setup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Group<TRowFold, TVectors>(in RowPlan plan, in RowWindow window, in RowScratch scratch, int group, int outputRows, nint step)
        where TRowFold : struct, IRowFold<TRowFold>
        where TVectors : struct, IVectorCount
    {
        int* first = plan.Vectors + (group * RowPlan.Group);
        var load = default(TLoad);
        int stride = plan.Stride;
        int dilation = plan.Dilation;
        int kernel = plan.Kernel;
        int count = window.RowCount;
        var (f0, f1, f2, f3) = (first[0], first[1], first[2], first[3]);
        int padding = plan.Padding;
        int c0 = (f0 * stride) - padding;
        var (d1, d2, d3) = ((nint)((f1 - f0) * stride), (nint)((f2 - f0) * stride), (nint)((f3 - f0) * stride));
        var (s0, s1, s2, s3) = (Vector256.Load(plan.FirstPosition + f0), Vector256.Load(plan.FirstPosition + f1), Vector256.Load(plan.FirstPosition + f2), Vector256.Load(plan.FirstPosition + f3));
        var rows = (float**)scratch.Rows;

        // The stores from a local copy: the JIT then keeps the columns' fields out of memory (about 5% on Inception's average).
        var stores = columns;
        for (int j = 0; j < outputRows; j++)
        {
            var a0 = TRowFold.Start(load.Order(s0));
            var a1 = TRowFold.Start(load.Order(s1));
            var a2 = TRowFold.Start(load.Order(s2));
            var a3 = TRowFold.Start(load.Order(s3));
            int q = 0;
            for (int r = 0; r < count; r++)
            {
                // One pointer a row, the vectors at fixed distances from it: an address each, no arithmetic a load.
                float* at = rows[r] + (j * step) + c0;
                int k = 0;
                if (typeof(TLoad) == typeof(PairStride) && dilation == 1)
                {
                    // Neighbouring positions two at a time, from shared loads.
                    for (; k + 1 < kernel; k += 2, q += 2, at += 2)
                    {
                        AddTwo<TRowFold, TVectors>(ref a0, 0, at, q);
                        AddTwo<TRowFold, TVectors>(ref a1, 1, at + d1, q);
                        AddTwo<TRowFold, TVectors>(ref a2, 2, at + d2, q);
                        AddTwo<TRowFold, TVectors>(ref a3, 3, at + d3, q);
                    }
                }

                for (; k < kernel; k++, q++, at += dilation)
                {
                    Add<TRowFold, TVectors>(ref a0, 0, at, stride, q);
                    Add<TRowFold, TVectors>(ref a1, 1, at + d1, stride, q);
                    Add<TRowFold, TVectors>(ref a2, 2, at + d2, stride, q);
                    Add<TRowFold, TVectors>(ref a3, 3, at + d3, stride, q);
                }
            }

            long output = window.FirstOutput + (j * plan.Width);
            long extent = j == 0 || !stores.Divides ? window.Extent : plan.DepthWindows[window.At.D].Extent * plan.RowWindows[window.At.H + j].Extent;
            Store<TRowFold, TVectors>(stores, a0, 0, plan, scratch, output, extent, f0);
            Store<TRowFold, TVectors>(stores, a1, 1, plan, scratch, output, extent, f1);
            Store<TRowFold, TVectors>(stores, a2, 2, plan, scratch, output, extent, f2);
            Store<TRowFold, TVectors>(stores, a3, 3, plan, scratch, output, extent, f3);
        }
    }

    /// <summary>Window positions <c>q</c> and <c>q + 1</c> of the group's vector <paramref name="vector"/>, where the group runs it (<see cref="PairStride.LoadTwo"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTwo<TRowFold, TVectors>(ref TRowFold fold, int vector, float* at, int q)
        where TRowFold : struct, IRowFold<TRowFold>
        where TVectors : struct, IVectorCount
    {
        if (vector < TVectors.Count)
        {
            var (x, y) = PairStride.LoadTwo(at);
            fold.Add(x, q);
            fold.Add(y, q + 1);
        }
    }

    /// <summary>Window position <c>q</c> of the group's vector <paramref name="vector"/>, where the group runs it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<TRowFold, TVectors>(ref TRowFold fold, int vector, float* at, int stride, int q)
        where TRowFold : struct, IRowFold<TRowFold>
        where TVectors : struct, IVectorCount
    {
        if (vector < TVectors.Count)
        {
            fold.Add(default(TLoad).Load(at, stride), q);
        }
    }

    /// <summary>The results of the group's vector <paramref name="vector"/>, from column <paramref name="first"/>, where the group runs it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TRowFold, TVectors>(in TColumns stores, in TRowFold fold, int vector, in RowPlan plan, in RowScratch scratch, long output, long extent, int first)
        where TRowFold : struct, IRowFold<TRowFold>
        where TVectors : struct, IVectorCount
    {
        if (vector < TVectors.Count)
        {
            var load = default(TLoad);
            stores.Store(plan, scratch, output, extent, first, load.Order(fold.Values), load.Order(fold.Positions));
        }
    }

    /// <summary>Output row <paramref name="oh"/> of plane (n, c), for the kernel's own body.</summary>
    private RowWindow Row(long n, long c, long oh, long firstOutput) => new(new Coordinates(n, c, 0, oh, 0), 0, 0, firstOutput + (oh * source.Plan.Width), false);
}
