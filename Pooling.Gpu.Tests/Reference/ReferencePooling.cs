namespace Pooling.Gpu.Tests;

/// <summary>
/// Float64 pooling in plain loops, written from PyTorch's rules and sharing no code
/// with the library: output sizes, windows, divisors, tie and NaN rules are all derived here
/// again. Every op is "a window per output": forward reduces it, backward spreads into it.
/// Windows have three spatial axes (D, H, W); a 1D or 2D shape has D (and H) = 1, whose axis is
/// the unit one (kernel 1, stride 1, no padding).
/// </summary>
public static class ReferencePooling
{
    /// <summary>Output size of one dimension, PyTorch's formula with the ceil-mode correction.</summary>
    public static long OutputSize(long input, int kernel, int stride, int pad, int dilation, bool ceil)
    {
        long numerator = input + 2L * pad - (long)dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
        long size = (long)Math.Floor((double)numerator / stride) + 1;
        if (ceil && (size - 1) * stride >= input + pad)
        {
            size--;
        }

        return size;
    }

    /// <summary>The windows of max_pool2d: kernel positions spaced by dilation, those inside the input.</summary>
    public static PoolWindows MaxPool2d(TensorShape shape, Size2 k, Size2 s, Size2 p, Size2 d, bool ceil) =>
        MaxPool(shape, Axis.Unit, new(k.Height, s.Height, p.Height, d.Height), new(k.Width, s.Width, p.Width, d.Width), ceil);

    /// <summary>The windows of avg_pool2d, with PyTorch's divisor rule.</summary>
    public static PoolWindows AvgPool2d(TensorShape shape, Size2 k, Size2 s, Size2 p, bool ceil, bool countIncludePad, int? divisorOverride) =>
        AvgPool(shape, Axis.Unit, new(k.Height, s.Height, p.Height, 1), new(k.Width, s.Width, p.Width, 1), ceil, countIncludePad, divisorOverride);

    /// <summary>The windows of max pooling along D, H and W: kernel positions spaced by dilation, those inside the input.</summary>
    public static PoolWindows MaxPool(TensorShape shape, Axis depth, Axis rows, Axis cols, bool ceil) => new(
        shape.WithSpatial(depth.OutputSize(shape.D, ceil), rows.OutputSize(shape.H, ceil), cols.OutputSize(shape.W, ceil)),
        (a, i, j) => new Window(depth.Inside(a, shape.D), rows.Inside(i, shape.H), cols.Inside(j, shape.W), 1));

    /// <summary>
    /// The windows of average pooling along D, H and W, with PyTorch's divisor rule: the window
    /// is clipped at the padded edge for the count_include_pad divisor, then at the input.
    /// </summary>
    public static PoolWindows AvgPool(TensorShape shape, Axis depth, Axis rows, Axis cols, bool ceil, bool countIncludePad, int? divisorOverride) => new(
        shape.WithSpatial(depth.OutputSize(shape.D, ceil), rows.OutputSize(shape.H, ceil), cols.OutputSize(shape.W, ceil)),
        (a, i, j) =>
        {
            var (depths, paddedDepth) = depth.Clipped(a, shape.D);
            var (rowList, paddedRows) = rows.Clipped(i, shape.H);
            var (colList, paddedCols) = cols.Clipped(j, shape.W);
            double divisor = divisorOverride
                ?? (countIncludePad ? (double)paddedDepth * paddedRows * paddedCols : (double)depths.Count * rowList.Count * colList.Count);
            return new Window(depths, rowList, colList, divisor);
        });

    /// <summary>The windows of 2D adaptive pooling to (oh, ow).</summary>
    public static PoolWindows Adaptive(TensorShape shape, long oh, long ow) => Adaptive(shape, 1, oh, ow);

    /// <summary>The windows of adaptive pooling: start = floor(i*I/O), end = ceil((i+1)*I/O) per axis, in floating point here on purpose.</summary>
    public static PoolWindows Adaptive(TensorShape shape, long od, long oh, long ow) => new(
        shape.WithSpatial(od, oh, ow),
        (a, i, j) =>
        {
            var depths = AdaptiveRange(a, shape.D, od);
            var rows = AdaptiveRange(i, shape.H, oh);
            var cols = AdaptiveRange(j, shape.W, ow);
            return new Window(depths, rows, cols, (double)depths.Count * rows.Count * cols.Count);
        });

    /// <summary>Global pooling: one window, the whole plane.</summary>
    public static PoolWindows Global(TensorShape shape) => Adaptive(shape, 1, 1, 1);

    /// <summary>
    /// Max of each window: row-major scan, strict greater-than, NaN wins and the last NaN is kept;
    /// padding never wins. An all -inf window answers its first position; a window with no input
    /// position answers -inf and index -1.
    /// </summary>
    public static ReferenceResult Max(float[] x, PoolWindows windows, TensorShape input) =>
        windows.Forward(input, (plane, window) =>
        {
            var (best, index) = ArgMax(window.Positions(input), at => (double)x[plane * input.PlaneLength + at], double.NegativeInfinity, (v, max) => v > max || double.IsNaN(v));
            return (best, index, 0);
        });

    /// <summary>
    /// Max of each window of integers (any integer type, as int64 values): padding acts as the
    /// type's <paramref name="lowest"/> value and never wins; strict greater-than, so the first
    /// maximum wins a tie and an all-lowest window answers its first position; a window with no
    /// input position answers <paramref name="lowest"/> and index -1.
    /// </summary>
    public static (long[] Values, long[] Indices) IntegerMax(long[] x, PoolWindows windows, TensorShape input, long lowest)
    {
        var values = new long[windows.Output.Length];
        var indices = new long[windows.Output.Length];
        windows.ForEach(input, (plane, o, window) =>
            (values[o], indices[o]) = ArgMax(window.Positions(input), at => x[plane * input.PlaneLength + at], lowest, (v, max) => v > max));
        return (values, indices);
    }

    /// <summary>Sum of each window over its divisor (0 for a window with no input position).</summary>
    public static ReferenceResult Average(float[] x, PoolWindows windows, TensorShape input) =>
        windows.Forward(input, (plane, window) =>
        {
            if (window.IsEmpty)
            {
                return (0.0, -1, 0.0);
            }

            double sum = 0, magnitude = 0;
            foreach (long at in window.Positions(input))
            {
                double v = x[plane * input.PlaneLength + at];
                sum += v;
                magnitude += Math.Abs(v);
            }

            return (sum / window.Divisor, -1, magnitude / Math.Abs(window.Divisor));
        });

    /// <summary>Max backward: each output's gradient goes to its index (nowhere for -1).</summary>
    public static ReferenceGradient MaxBackward(float[] gradOutput, long[] indices, TensorShape input, TensorShape output)
    {
        var grad = new double[input.Length];
        var magnitude = new double[input.Length];
        var count = new int[input.Length];
        for (long o = 0; o < output.Length; o++)
        {
            if (indices[o] >= 0)
            {
                long target = o / output.PlaneLength * input.PlaneLength + indices[o];
                grad[target] += gradOutput[o];
                magnitude[target] += Math.Abs(gradOutput[o]);
                count[target]++;
            }
        }

        return new ReferenceGradient(grad, magnitude, count);
    }

    /// <summary>Average backward: each output's gradient over its divisor goes to every input position of its window.</summary>
    public static ReferenceGradient AverageBackward(float[] gradOutput, PoolWindows windows, TensorShape input)
    {
        var grad = new double[input.Length];
        var magnitude = new double[input.Length];
        var count = new int[input.Length];
        windows.ForEach(input, (plane, o, window) =>
        {
            double g = gradOutput[o] / window.Divisor;
            foreach (long at in window.Positions(input))
            {
                long target = plane * input.PlaneLength + at;
                grad[target] += g;
                magnitude[target] += Math.Abs(g);
                count[target]++;
            }
        });

        return new ReferenceGradient(grad, magnitude, count);
    }

    /// <summary>The scan of a max window: the first position until <paramref name="takes"/> a value over the best so far.</summary>
    private static (T Value, long Index) ArgMax<T>(IEnumerable<long> positions, Func<long, T> value, T start, Func<T, T, bool> takes)
    {
        T best = start;
        long index = -1;
        foreach (long at in positions)
        {
            T v = value(at);
            if (index == -1)
            {
                index = at;
            }

            if (takes(v, best))
            {
                best = v;
                index = at;
            }
        }

        return (best, index);
    }

    private static List<long> AdaptiveRange(long i, long size, long outputs) =>
        Range((long)Math.Floor((double)i * size / outputs), (long)Math.Ceiling((double)(i + 1) * size / outputs));

    internal static List<long> Range(long start, long end)
    {
        var list = new List<long>();
        for (long v = start; v < end; v++)
        {
            list.Add(v);
        }

        return list;
    }
}

/// <summary>Kernel, stride, padding and dilation of one axis of a strided window pooling.</summary>
public readonly record struct Axis(int Kernel, int Stride, int Padding, int Dilation)
{
    /// <summary>The axis of a dim that a lower-dimensional op does not pool (size 1 in and out).</summary>
    public static Axis Unit => new(1, 1, 0, 1);

    public long OutputSize(long input, bool ceil) => ReferencePooling.OutputSize(input, Kernel, Stride, Padding, Dilation, ceil);

    /// <summary>The positions of window <paramref name="o"/> inside an input of <paramref name="size"/>, in order.</summary>
    public List<long> Inside(long o, long size)
    {
        var positions = new List<long>();
        for (int i = 0; i < Kernel; i++)
        {
            long v = o * Stride - Padding + (long)i * Dilation;
            if (v >= 0 && v < size)
            {
                positions.Add(v);
            }
        }

        return positions;
    }

    /// <summary>Average pooling's window (no dilation): its positions inside the input, and its extent clipped at the padded edge only.</summary>
    public (List<long> Positions, long PaddedExtent) Clipped(long o, long size)
    {
        long start = o * Stride - Padding;
        long end = Math.Min(start + Kernel, size + Padding);
        return (ReferencePooling.Range(Math.Max(start, 0), Math.Min(end, size)), end - start);
    }
}

/// <summary>The input positions of one output's window (inside the input, in scan order) per axis, and its divisor.</summary>
public sealed record Window(List<long> Depths, List<long> Rows, List<long> Cols, double Divisor)
{
    /// <summary>A 2D window (depth 0 only).</summary>
    public Window(List<long> rows, List<long> cols, double divisor)
        : this([0], rows, cols, divisor)
    {
    }

    public bool IsEmpty => Depths.Count == 0 || Rows.Count == 0 || Cols.Count == 0;

    /// <summary>The window's positions as plane offsets <c>(d*H + h)*W + w</c>, in scan order (depth, rows, columns).</summary>
    public IEnumerable<long> Positions(TensorShape input) =>
        from d in Depths from h in Rows from w in Cols select (d * input.H + h) * input.W + w;
}

/// <summary>An op's output shape and the window of each output (d, i, j) of each plane: the same in every plane, except fractional pooling's.</summary>
public sealed record PoolWindows(TensorShape Output, Func<long, long, long, long, Window> InPlane)
{
    /// <summary>The windows of an op whose windows are the same in every plane, given per output (d, i, j).</summary>
    public PoolWindows(TensorShape output, Func<long, long, long, Window> atDepth)
        : this(output, (_, a, i, j) => atDepth(a, i, j))
    {
    }

    /// <summary>The windows of a 2D op, given per output (i, j).</summary>
    public PoolWindows(TensorShape output, Func<long, long, Window> at)
        : this(output, (_, _, i, j) => at(i, j))
    {
    }

    /// <summary>The window of output (i, j) at depth 0 of the first plane.</summary>
    public Window At(long i, long j) => InPlane(0, 0, i, j);

    /// <summary>Calls <paramref name="visit"/> with each plane, output index and window, in output order.</summary>
    internal void ForEach(TensorShape input, Action<long, long, Window> visit)
    {
        for (long plane = 0; plane < input.Planes; plane++)
        {
            for (long a = 0; a < Output.D; a++)
            {
                for (long i = 0; i < Output.H; i++)
                {
                    for (long j = 0; j < Output.W; j++)
                    {
                        visit(plane, ((plane * Output.D + a) * Output.H + i) * Output.W + j, InPlane(plane, a, i, j));
                    }
                }
            }
        }
    }

    internal ReferenceResult Forward(TensorShape input, Func<long, Window, (double Value, long Index, double Magnitude)> reduce)
    {
        var values = new double[Output.Length];
        var indices = new long[Output.Length];
        var magnitudes = new double[Output.Length];
        ForEach(input, (plane, o, window) => (values[o], indices[o], magnitudes[o]) = reduce(plane, window));
        return new ReferenceResult(Output, values, indices, magnitudes);
    }
}

/// <summary>
/// A reference output: float64 values, PyTorch-form indices (-1 where the op has none, or the
/// window has no input position), and each output's magnitude scale (mean |x| of its window),
/// which sets the tolerance of an average.
/// </summary>
public sealed record ReferenceResult(TensorShape Shape, double[] Values, long[] Indices, double[] Magnitudes);

/// <summary>
/// A reference input gradient, with each element's sum of |shares| (the scale of float32
/// rounding in it) and its number of shares (the number of roundings when accumulating in a
/// narrow type).
/// </summary>
public sealed record ReferenceGradient(double[] Values, double[] Magnitudes, int[] Counts);
