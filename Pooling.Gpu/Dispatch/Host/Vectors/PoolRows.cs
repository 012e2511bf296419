using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Gpu;

/// <summary>
/// Output rows of a <see cref="RowPlan"/>, vector by vector: interior vectors in groups of
/// <see cref="RowPlan.Group"/>, border vectors one at a time, then the columns whose windows
/// hold no input position by the kernel's body. Rows whose windows hold no NaN take
/// <typeparamref name="TNumberFold"/>, the same rule for numbers in fewer instructions, where it
/// differs from <typeparamref name="TFold"/> (max pooling; an average's sum is one rule).
/// </summary>
internal readonly unsafe struct PoolRows<T, TLoad, TFold, TNumberFold, TColumns>(RowSource<T> source, TColumns columns) : IRangeBody
    where T : unmanaged
    where TLoad : struct, IColumnLoad
    where TFold : struct, IRowFold<TFold>
    where TNumberFold : struct, IRowFold<TNumberFold>
    where TColumns : struct, IRowColumns
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        ref readonly var plan = ref source.Plan;
        using var memory = new Scratch(plan.ChunkBytes);
        var scratch = new RowScratch(plan, memory);
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
                Vectors<TFold>(plan, window, scratch);
            }
            else
            {
                Vectors<TNumberFold>(plan, window, scratch);
            }

            for (int i = 0; i < plan.EmptyCount; i++)
            {
                columns.Scalar(plan, window, plan.EmptyColumns[i], plan.EmptyColumns[i] + 1);
            }
        }
    }

    /// <summary>The row's vectors by <typeparamref name="TRowFold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Vectors<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        for (int i = 0; i < plan.InteriorCount; i += RowPlan.Group)
        {
            Interior<TRowFold>(plan, window, scratch, plan.Vectors + i);
        }

        for (int i = plan.InteriorCount; i < plan.VectorCount; i += 2)
        {
            Border<TRowFold>(plan, window, scratch, plan.Vectors[i], plan.Vectors[Math.Min(i + 1, plan.VectorCount - 1)]);
        }
    }

    /// <summary>
    /// Four vectors of interior columns, from <c>first[0]</c> to <c>first[3]</c>, at once: each
    /// lane's chain waits on its own last step, so four independent chains keep the core busy
    /// where one would wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Interior<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch, int* first)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        var load = default(TLoad);
        int stride = plan.Stride;
        int dilation = plan.Dilation;
        int kernel = plan.Kernel;
        int count = window.RowCount;
        var (f0, f1, f2, f3) = (first[0], first[1], first[2], first[3]);
        long padding = plan.Padding;
        var (o0, o1, o2, o3) = (((long)f0 * stride) - padding, ((long)f1 * stride) - padding, ((long)f2 * stride) - padding, ((long)f3 * stride) - padding);
        var a0 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f0)));
        var a1 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f1)));
        var a2 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f2)));
        var a3 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f3)));
        var rows = (float**)scratch.Rows;
        int q = 0;
        for (int r = 0; r < count; r++)
        {
            float* row = rows[r];
            float* p0 = row + o0;
            float* p1 = row + o1;
            float* p2 = row + o2;
            float* p3 = row + o3;
            for (int k = 0; k < kernel; k++, q++, p0 += dilation, p1 += dilation, p2 += dilation, p3 += dilation)
            {
                a0.Add(load.Load(p0, stride), q);
                a1.Add(load.Load(p1, stride), q);
                a2.Add(load.Load(p2, stride), q);
                a3.Add(load.Load(p3, stride), q);
            }
        }

        columns.Store(plan, window, scratch, f0, load.Order(a0.Values), load.Order(a0.Positions));
        columns.Store(plan, window, scratch, f1, load.Order(a1.Values), load.Order(a1.Positions));
        columns.Store(plan, window, scratch, f2, load.Order(a2.Values), load.Order(a2.Positions));
        columns.Store(plan, window, scratch, f3, load.Order(a3.Values), load.Order(a3.Positions));
    }

    /// <summary>
    /// Two vectors of columns, from <paramref name="first0"/> and <paramref name="first1"/> (the
    /// same one again where a row has one), some of whose windows reach past the row's ends: two
    /// chains, as <see cref="Interior"/> runs four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Border<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch, int first0, int first1)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        var load = default(TLoad);
        var pad = TRowFold.Pad;
        int stride = plan.Stride;
        var (column0, column1) = ((first0 * stride) - plan.Padding, (first1 * stride) - plan.Padding);
        var fold0 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + first0)));
        var fold1 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + first1)));
        var rows = (float**)scratch.Rows;
        int q = 0;
        for (int r = 0; r < window.RowCount; r++)
        {
            for (int k = 0, at = 0; k < plan.Kernel; k++, q++, at += plan.Dilation)
            {
                fold0.Add(load.LoadBorder(rows[r], column0 + at, stride, plan.InputWidth, pad), q);
                fold1.Add(load.LoadBorder(rows[r], column1 + at, stride, plan.InputWidth, pad), q);
            }
        }

        columns.Store(plan, window, scratch, first0, load.Order(fold0.Values), load.Order(fold0.Positions));
        columns.Store(plan, window, scratch, first1, load.Order(fold1.Values), load.Order(fold1.Positions));
    }
}
