namespace Pooling.Gpu.Tests;

/// <summary>
/// Float64 pooling in plain loops, written from the rules in semantics.md and sharing no code
/// with the library: output sizes, windows, divisors, tie and NaN rules are all derived here
/// again. Every op is "a window per output": forward reduces it, backward spreads into it.
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
    public static PoolWindows MaxPool2d(TensorShape shape, Size2 k, Size2 s, Size2 p, Size2 d, bool ceil) => new(
        shape.WithSpatial(OutputSize(shape.H, k.Height, s.Height, p.Height, d.Height, ceil), OutputSize(shape.W, k.Width, s.Width, p.Width, d.Width, ceil)),
        (i, j) => new Window(
            Inside(Enumerable.Range(0, k.Height).Select(a => i * s.Height - p.Height + (long)a * d.Height), shape.H),
            Inside(Enumerable.Range(0, k.Width).Select(b => j * s.Width - p.Width + (long)b * d.Width), shape.W),
            1));

    /// <summary>The windows of avg_pool2d, with PyTorch's divisor rule.</summary>
    public static PoolWindows AvgPool2d(TensorShape shape, Size2 k, Size2 s, Size2 p, bool ceil, bool countIncludePad, int? divisorOverride) => new(
        shape.WithSpatial(OutputSize(shape.H, k.Height, s.Height, p.Height, 1, ceil), OutputSize(shape.W, k.Width, s.Width, p.Width, 1, ceil)),
        (i, j) =>
        {
            long h0 = i * s.Height - p.Height, w0 = j * s.Width - p.Width;
            long h1 = Math.Min(h0 + k.Height, shape.H + p.Height), w1 = Math.Min(w0 + k.Width, shape.W + p.Width);
            var rows = Range(Math.Max(h0, 0), Math.Min(h1, shape.H));
            var cols = Range(Math.Max(w0, 0), Math.Min(w1, shape.W));
            double divisor = divisorOverride ?? (countIncludePad ? (h1 - h0) * (w1 - w0) : (double)rows.Count * cols.Count);
            return new Window(rows, cols, divisor);
        });

    /// <summary>The windows of adaptive pooling: start = floor(i*I/O), end = ceil((i+1)*I/O), in floating point here on purpose.</summary>
    public static PoolWindows Adaptive(TensorShape shape, long oh, long ow) => new(
        shape.WithSpatial(oh, ow),
        (i, j) =>
        {
            var rows = Range((long)Math.Floor((double)i * shape.H / oh), (long)Math.Ceiling((double)(i + 1) * shape.H / oh));
            var cols = Range((long)Math.Floor((double)j * shape.W / ow), (long)Math.Ceiling((double)(j + 1) * shape.W / ow));
            return new Window(rows, cols, (double)rows.Count * cols.Count);
        });

    /// <summary>Global pooling: one window, the whole plane.</summary>
    public static PoolWindows Global(TensorShape shape) => Adaptive(shape, 1, 1);

    /// <summary>
    /// Max of each window: row-major scan, strict greater-than, NaN wins and the last NaN is kept;
    /// padding never wins. An all -inf window answers its first position; a window with no input
    /// position answers -inf and index -1.
    /// </summary>
    public static ReferenceResult Max(float[] x, PoolWindows windows, TensorShape input) =>
        windows.Forward(input, (plane, window) =>
        {
            double best = double.NegativeInfinity;
            long index = -1;
            foreach (long h in window.Rows)
            {
                foreach (long w in window.Cols)
                {
                    double v = x[plane * input.PlaneLength + h * input.W + w];
                    if (index == -1)
                    {
                        index = h * input.W + w;
                    }

                    if (v > best || double.IsNaN(v))
                    {
                        best = v;
                        index = h * input.W + w;
                    }
                }
            }

            return (best, index, 0);
        });

    /// <summary>Sum of each window over its divisor (0 for a window with no input position).</summary>
    public static ReferenceResult Average(float[] x, PoolWindows windows, TensorShape input) =>
        windows.Forward(input, (plane, window) =>
        {
            if (window.Rows.Count == 0 || window.Cols.Count == 0)
            {
                return (0.0, -1, 0.0);
            }

            double sum = 0, magnitude = 0;
            foreach (long h in window.Rows)
            {
                foreach (long w in window.Cols)
                {
                    double v = x[plane * input.PlaneLength + h * input.W + w];
                    sum += v;
                    magnitude += Math.Abs(v);
                }
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
        var output = windows.Output;
        for (long plane = 0; plane < output.Planes; plane++)
        {
            for (long i = 0; i < output.H; i++)
            {
                for (long j = 0; j < output.W; j++)
                {
                    var window = windows.At(i, j);
                    double g = gradOutput[(plane * output.H + i) * output.W + j] / window.Divisor;
                    foreach (long h in window.Rows)
                    {
                        foreach (long w in window.Cols)
                        {
                            long target = plane * input.PlaneLength + h * input.W + w;
                            grad[target] += g;
                            magnitude[target] += Math.Abs(g);
                            count[target]++;
                        }
                    }
                }
            }
        }

        return new ReferenceGradient(grad, magnitude, count);
    }

    private static List<long> Inside(IEnumerable<long> positions, long size) => positions.Where(v => v >= 0 && v < size).ToList();

    private static List<long> Range(long start, long end)
    {
        var list = new List<long>();
        for (long v = start; v < end; v++)
        {
            list.Add(v);
        }

        return list;
    }
}

/// <summary>The input positions of one output's window (inside the input, in scan order) and its divisor.</summary>
public sealed record Window(List<long> Rows, List<long> Cols, double Divisor);

/// <summary>An op's output shape and the window of each output (i, j), the same in every plane.</summary>
public sealed record PoolWindows(TensorShape Output, Func<long, long, Window> At)
{
    internal ReferenceResult Forward(TensorShape input, Func<long, Window, (double Value, long Index, double Magnitude)> reduce)
    {
        var values = new double[Output.Length];
        var indices = new long[Output.Length];
        var magnitudes = new double[Output.Length];
        for (long plane = 0; plane < input.Planes; plane++)
        {
            for (long i = 0; i < Output.H; i++)
            {
                for (long j = 0; j < Output.W; j++)
                {
                    long o = (plane * Output.H + i) * Output.W + j;
                    (values[o], indices[o], magnitudes[o]) = reduce(plane, At(i, j));
                }
            }
        }

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
