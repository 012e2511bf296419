using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Gpu;

/// <summary>
/// Output rows of a <see cref="RowPlan"/>, vector by vector in groups of <see cref="RowPlan.Group"/>,
/// then the columns whose windows hold no input position by the kernel's body. Rows whose windows hold no NaN take
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

    /// <summary>The row's vectors by <typeparamref name="TRowFold"/>, a group at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Vectors<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        for (int g = 0; g < plan.GroupCount; g++)
        {
            Group<TRowFold>(plan, window, scratch, g);
        }
    }

    /// <summary>
    /// Four vectors of columns, from <c>first[0]</c> to <c>first[3]</c>, at once: each lane's
    /// chain waits on its own last step, so four independent chains keep the core busy where one
    /// would wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Group<TRowFold>(in RowPlan plan, in RowWindow window, in RowScratch scratch, int group)
        where TRowFold : struct, IRowFold<TRowFold>
    {
        int* first = plan.Vectors + (group * RowPlan.Group);
        var load = default(TLoad);
        int stride = plan.Stride;
        int dilation = plan.Dilation;
        int kernel = plan.Kernel;
        int count = window.RowCount;
        var (f0, f1, f2, f3) = (first[0], first[1], first[2], first[3]);
        int padding = plan.Padding;
        var (c0, c1, c2, c3) = ((f0 * stride) - padding, (f1 * stride) - padding, (f2 * stride) - padding, (f3 * stride) - padding);
        var a0 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f0)));
        var a1 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f1)));
        var a2 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f2)));
        var a3 = TRowFold.Start(load.Order(Vector256.Load(plan.FirstPosition + f3)));
        var rows = (float**)scratch.Rows;
        int q = 0;
        for (int r = 0; r < count; r++)
        {
            float* row = rows[r];
            for (int k = 0, at = 0; k < kernel; k++, q++, at += dilation)
            {
                a0.Add(load.Load(row + c0 + at, stride), q);
                a1.Add(load.Load(row + c1 + at, stride), q);
                a2.Add(load.Load(row + c2 + at, stride), q);
                a3.Add(load.Load(row + c3 + at, stride), q);
            }
        }

        columns.Store(plan, window, scratch, f0, load.Order(a0.Values), load.Order(a0.Positions));
        columns.Store(plan, window, scratch, f1, load.Order(a1.Values), load.Order(a1.Positions));
        columns.Store(plan, window, scratch, f2, load.Order(a2.Values), load.Order(a2.Positions));
        columns.Store(plan, window, scratch, f3, load.Order(a3.Values), load.Order(a3.Positions));
    }
}
