namespace Pooling.Gpu.Tests;

/// <summary>
/// Float64 pooling in plain loops, written from the rules in semantics.md and sharing no code
/// with the library: output sizes, windows, tie and NaN rules are all derived here again.
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

    public static ReferenceResult MaxPool2d(float[] x, TensorShape shape, Size2 k, Size2 s, Size2 p, Size2 d, bool ceil)
    {
        long oh = OutputSize(shape.H, k.Height, s.Height, p.Height, d.Height, ceil);
        long ow = OutputSize(shape.W, k.Width, s.Width, p.Width, d.Width, ceil);
        return ForEachWindow(shape, oh, ow, (plane, i, j) =>
        {
            var rows = Enumerable.Range(0, k.Height).Select(a => i * s.Height - p.Height + (long)a * d.Height);
            var cols = Enumerable.Range(0, k.Width).Select(b => j * s.Width - p.Width + (long)b * d.Width);
            return Max(x, shape, plane, rows, cols);
        });
    }

    public static ReferenceResult AvgPool2d(float[] x, TensorShape shape, Size2 k, Size2 s, Size2 p, bool ceil, bool countIncludePad, int? divisorOverride)
    {
        long oh = OutputSize(shape.H, k.Height, s.Height, p.Height, 1, ceil);
        long ow = OutputSize(shape.W, k.Width, s.Width, p.Width, 1, ceil);
        return ForEachWindow(shape, oh, ow, (plane, i, j) =>
        {
            long h0 = i * s.Height - p.Height, w0 = j * s.Width - p.Width;
            long h1 = Math.Min(h0 + k.Height, shape.H + p.Height), w1 = Math.Min(w0 + k.Width, shape.W + p.Width);
            long paddedArea = (h1 - h0) * (w1 - w0);
            var rows = Range(Math.Max(h0, 0), Math.Min(h1, shape.H));
            var cols = Range(Math.Max(w0, 0), Math.Min(w1, shape.W));
            long inputArea = (long)rows.Count * cols.Count;
            if (inputArea == 0)
            {
                return (0.0, -1, 0.0);
            }

            var (sum, magnitude) = Sum(x, shape, plane, rows, cols);
            double divisor = divisorOverride ?? (countIncludePad ? paddedArea : inputArea);
            return (sum / divisor, -1, magnitude / Math.Abs(divisor));
        });
    }

    public static ReferenceResult AdaptiveAvgPool2d(float[] x, TensorShape shape, long oh, long ow) =>
        ForEachWindow(shape, oh, ow, (plane, i, j) =>
        {
            var rows = AdaptiveRange(i, shape.H, oh);
            var cols = AdaptiveRange(j, shape.W, ow);
            var (sum, magnitude) = Sum(x, shape, plane, rows, cols);
            double area = (double)rows.Count * cols.Count;
            return (sum / area, -1, magnitude / area);
        });

    public static ReferenceResult AdaptiveMaxPool2d(float[] x, TensorShape shape, long oh, long ow) =>
        ForEachWindow(shape, oh, ow, (plane, i, j) => Max(x, shape, plane, AdaptiveRange(i, shape.H, oh), AdaptiveRange(j, shape.W, ow)));

    public static ReferenceResult GlobalAvgPool2d(float[] x, TensorShape shape) => AdaptiveAvgPool2d(x, shape, 1, 1);

    public static ReferenceResult GlobalMaxPool2d(float[] x, TensorShape shape) => AdaptiveMaxPool2d(x, shape, 1, 1);

    /// <summary>start = floor(i*I/O), end = ceil((i+1)*I/O), computed in floating point here on purpose.</summary>
    private static List<long> AdaptiveRange(long i, long size, long outputs) =>
        Range((long)Math.Floor((double)i * size / outputs), (long)Math.Ceiling((double)(i + 1) * size / outputs));

    private static List<long> Range(long start, long end)
    {
        var list = new List<long>();
        for (long v = start; v < end; v++)
        {
            list.Add(v);
        }

        return list;
    }

    /// <summary>
    /// Row-major scan, strict greater-than, NaN wins and the last NaN is kept; padding never wins.
    /// An all -inf window answers its first in-bounds position; a window with none answers -1.
    /// </summary>
    private static (double Value, long Index, double Magnitude) Max(float[] x, TensorShape shape, long plane, IEnumerable<long> rows, IEnumerable<long> cols)
    {
        double best = double.NegativeInfinity;
        long index = -1;
        foreach (long h in rows.Where(h => h >= 0 && h < shape.H))
        {
            foreach (long w in cols.Where(w => w >= 0 && w < shape.W))
            {
                double v = x[plane * shape.PlaneLength + h * shape.W + w];
                if (index == -1)
                {
                    index = h * shape.W + w;
                }

                if (v > best || double.IsNaN(v))
                {
                    best = v;
                    index = h * shape.W + w;
                }
            }
        }

        return (best, index, 0);
    }

    private static (double Sum, double Magnitude) Sum(float[] x, TensorShape shape, long plane, List<long> rows, List<long> cols)
    {
        double sum = 0, magnitude = 0;
        foreach (long h in rows)
        {
            foreach (long w in cols)
            {
                double v = x[plane * shape.PlaneLength + h * shape.W + w];
                sum += v;
                magnitude += Math.Abs(v);
            }
        }

        return (sum, magnitude);
    }

    private static ReferenceResult ForEachWindow(TensorShape shape, long oh, long ow, Func<long, long, long, (double Value, long Index, double Magnitude)> window)
    {
        var output = shape.WithSpatial(oh, ow);
        var values = new double[output.Length];
        var indices = new long[output.Length];
        var magnitudes = new double[output.Length];
        for (long plane = 0; plane < shape.Planes; plane++)
        {
            for (long i = 0; i < oh; i++)
            {
                for (long j = 0; j < ow; j++)
                {
                    long o = (plane * oh + i) * ow + j;
                    (values[o], indices[o], magnitudes[o]) = window(plane, i, j);
                }
            }
        }

        return new ReferenceResult(output, values, indices, magnitudes);
    }
}

/// <summary>
/// A reference output: float64 values, PyTorch-form indices (-1 where the op has none, or the
/// window has no input position), and each output's magnitude scale (mean |x| of its window),
/// which sets the tolerance of an average.
/// </summary>
public sealed record ReferenceResult(TensorShape Shape, double[] Values, long[] Indices, double[] Magnitudes);
