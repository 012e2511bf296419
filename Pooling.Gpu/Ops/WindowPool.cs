using ILGPU;

namespace Pooling.Gpu;

/// <summary>What a window pooling computes from the values of a window, and where it writes.</summary>
/// <typeparam name="TAcc">The type values are computed in.</typeparam>
internal interface IWindowReduction<TAcc>
    where TAcc : unmanaged
{
    /// <summary>Starts a new window.</summary>
    void Reset(PoolWindow window);

    /// <summary>Takes the value at (d, h, w), in row-major order.</summary>
    void Add(TAcc value, long d, long h, long w);

    /// <summary>Writes the result of output element <paramref name="output"/>.</summary>
    void Store(long output, PoolWindow window);
}

/// <summary>
/// The window-pooling kernel: one thread per output element, or per two vertically adjacent ones
/// (<typeparamref name="TRows"/>), grid-strided with 64-bit offsets, reading the window row by
/// row, four positions at a time. Max, average and adaptive pooling in 1D, 2D and 3D, in every
/// element type and layout, are this kernel with other type arguments; so are the channels-last
/// kernel that reads four channels per load (<see cref="ChannelQuadReduction{TAcc, TReduction}"/>)
/// and the channels-first one that reads four columns per load for two outputs' windows
/// (<see cref="ColumnQuadReduction{TAcc, TGeometry, TPairs, TReduction}"/>: 2x2 stride 2, or 3x3
/// stride 2 padding 1).
/// </summary>
/// <remarks>
/// With two outputs, the thread reads the rows of both windows once, in order, and hands each
/// value to the window(s) holding its row: each window still sees its values in row-major order,
/// so ties and NaN resolve as with one output per thread. Window starts never decrease with the
/// output, so the rows run from the upper window's start to the later end.
/// </remarks>
internal static class WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction, TRows>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElementLoad<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
    where TRows : struct, IOutputRows
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>; the step is over <see cref="OutputRows.Blocks"/> of the output.</summary>
    internal static readonly Action<ArrayView<T>, PoolShape, GridStep, TGeometry, TReduction> Kernel = Run;

    private static void Run(ArrayView<T> input, PoolShape shape, GridStep step, TGeometry geometry, TReduction reduction)
    {
        var layout = default(TLayout);
        var element = default(TElement);
        int rowsPerThread = default(TRows).Count;
        var blocks = OutputRows.Blocks<TRows>(shape.Output);
        long total = blocks.Length;
        long widthStride = layout.WidthStride(shape.Input);
        long outputRowStride = layout.Offset(shape.Output, 0, 0, 0, 1, 0);
        for (var walk = GridWalk<TLayout>.OfThisThread(blocks, step); walk.Index < total; walk.Advance())
        {
            var at = walk.At;
            long oh = at.H * rowsPerThread;
            var upper = new PoolWindow(geometry.Depth(at.D), geometry.Rows(oh), geometry.Cols(at.W));
            bool pair = rowsPerThread == 2 && oh + 1 < shape.Output.H;
            var lower = pair ? upper with { Rows = geometry.Rows(oh + 1) } : upper;
            var cols = upper.Cols;
            var first = reduction;
            var second = reduction;
            first.Reset(upper);
            second.Reset(lower);
            long rowEnd = pair ? Math.Max(upper.Rows.End, lower.Rows.End) : upper.Rows.End;
            long stride = cols.Step * widthStride;
            for (long d = upper.Depth.Start; d < upper.Depth.End; d += upper.Depth.Step)
            {
                for (long h = upper.Rows.Start; h < rowEnd; h += upper.Rows.Step)
                {
                    bool inUpper = rowsPerThread == 1 || h < upper.Rows.End;
                    bool inLower = pair && h >= lower.Rows.Start;
                    long offset = layout.Offset(shape.Input, at.N, at.C, d, h, cols.Start);
                    for (long w = cols.Start; w < cols.End; w += 4 * cols.Step, offset += 4 * stride)
                    {
                        // Up to four loads of the row before any value is used, so that they are in flight together
                        // (fewer where the geometry's type bounds the columns of a window).
                        int most = geometry.ColumnsAtMost;
                        bool has1 = most > 1 && w + cols.Step < cols.End;
                        bool has2 = most > 2 && w + 2 * cols.Step < cols.End;
                        bool has3 = most > 3 && w + 3 * cols.Step < cols.End;
                        var v0 = element.Load(input[offset]);
                        var v1 = has1 ? element.Load(input[offset + stride]) : v0;
                        var v2 = has2 ? element.Load(input[offset + 2 * stride]) : v0;
                        var v3 = has3 ? element.Load(input[offset + 3 * stride]) : v0;
                        Take(ref first, ref second, inUpper, inLower, v0, d, h, w);
                        if (has1)
                        {
                            Take(ref first, ref second, inUpper, inLower, v1, d, h, w + cols.Step);
                        }

                        if (has2)
                        {
                            Take(ref first, ref second, inUpper, inLower, v2, d, h, w + 2 * cols.Step);
                        }

                        if (has3)
                        {
                            Take(ref first, ref second, inUpper, inLower, v3, d, h, w + 3 * cols.Step);
                        }
                    }
                }
            }

            long o = rowsPerThread == 1 ? walk.Index : layout.Offset(shape.Output, at.N, at.C, at.D, oh, at.W);
            first.Store(o, upper);
            if (pair)
            {
                second.Store(o + outputRowStride, lower);
            }
        }
    }

    /// <summary>Hands the value at (d, h, w) to the window(s) whose rows hold h.</summary>
    private static void Take(ref TReduction first, ref TReduction second, bool inUpper, bool inLower, TAcc value, long d, long h, long w)
    {
        if (inUpper)
        {
            first.Add(value, d, h, w);
        }

        if (inLower)
        {
            second.Add(value, d, h, w);
        }
    }
}
