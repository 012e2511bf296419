using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// The max of a window, with PyTorch's rules: row-major scan, strict <c>&gt;</c> (the first
/// maximum wins a tie), NaN propagates (the index is the last NaN's). An all -inf window reports
/// its first input position; a window with no input position gives -inf at its origin (in
/// padding), which each index format records as "none".
/// </summary>
internal struct MaxReduction<TIndex>(ArrayView<float> values, TIndex indices) : IWindowReduction
    where TIndex : struct, IMaxIndexFormat
{
    private readonly ArrayView<float> values = values;
    private readonly TIndex indices = indices;
    private float max;
    private long argH;
    private long argW;

    public void Reset(AxisWindow rows, AxisWindow cols)
    {
        bool none = rows.IsEmpty || cols.IsEmpty;
        max = float.NegativeInfinity;
        argH = none ? rows.Origin : rows.Start;
        argW = none ? cols.Origin : cols.Start;
    }

    public void Add(float value, long h, long w)
    {
        if (value > max || float.IsNaN(value))
        {
            max = value;
            argH = h;
            argW = w;
        }
    }

    public readonly void Store(long output, AxisWindow rows, AxisWindow cols)
    {
        values[output] = max;
        indices.Write(output, argH, argW, rows, cols);
    }
}

/// <summary>Max pooling's gradient: an output's whole gradient goes to its recorded maximum.</summary>
internal readonly struct MaxGradient<TIndex>(ArrayView<float> gradOutput, TIndex indices) : IWindowGradient
    where TIndex : struct, IMaxIndexFormat
{
    public float Share(long output, long h, long w, AxisWindow rows, AxisWindow cols) =>
        indices.Matches(output, h, w, rows, cols) ? gradOutput[output] : 0f;
}
