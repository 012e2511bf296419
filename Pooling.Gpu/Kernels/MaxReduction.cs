using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// The max of a window, with PyTorch's rules: row-major scan, strict <c>&gt;</c> (the first
/// maximum wins a tie), NaN propagates (the index is the last NaN's). An all -inf window reports
/// its first input position; a window with no input position gives -inf at its origin (in
/// padding), which each index format records as "none". The maximum is stored unrounded: it is
/// one of the inputs.
/// </summary>
internal struct MaxReduction<T, TAcc, TElement, TIndex>(ArrayView<T> values, TIndex indices) : IWindowReduction<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IMaxElement<T, TAcc>
    where TIndex : struct, IMaxIndexFormat
{
    private readonly ArrayView<T> values = values;
    private readonly TIndex indices = indices;
    private TAcc max;
    private long argD;
    private long argH;
    private long argW;

    /// <summary>Where the maxima go (for the host path's vector code).</summary>
    internal readonly ArrayView<T> Values => values;

    /// <summary>Where their positions go.</summary>
    internal readonly TIndex Indices => indices;

    public void Reset(PoolWindow window)
    {
        bool none = window.IsEmpty;
        max = default(TElement).NegativeInfinity;
        argD = none ? window.Depth.Origin : window.Depth.Start;
        argH = none ? window.Rows.Origin : window.Rows.Start;
        argW = none ? window.Cols.Origin : window.Cols.Start;
    }

    public void Add(TAcc value, long d, long h, long w)
    {
        // Selects, not a branch: ILGPU would branch on the negated test, and negates value > max
        // into an unordered value <= max, which its OpenCL backend emits as an ordered <= (false
        // for a NaN max), so a NaN max would lose to the next number (kernels.md).
        var element = default(TElement);
        bool take = element.IsNaN(value) | element.Greater(value, max);
        max = take ? value : max;
        argD = take ? d : argD;
        argH = take ? h : argH;
        argW = take ? w : argW;
    }

    public readonly void Store(long output, PoolWindow window)
    {
        values[output] = default(TElement).Store(max);
        indices.Write(output, argD, argH, argW, window);
    }
}

/// <summary>Max pooling's gradient: an output's whole gradient goes to its recorded maximum.</summary>
internal readonly struct MaxGradient<T, TAcc, TElement, TIndex>(ArrayView<T> gradOutput, TIndex indices) : IWindowGradient<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TIndex : struct, IMaxIndexFormat
{
    /// <summary>The outputs' gradient (for the host path's vector code).</summary>
    internal ArrayView<T> GradOutput => gradOutput;

    /// <summary>The maxima's recorded positions.</summary>
    internal TIndex Indices => indices;

    public OutputLoads<TAcc> Load(long output) => new(indices.Recorded(output), default, default);

    public TAcc Add(TAcc sum, OutputLoads<TAcc> loaded, long output, long d, long h, long w, PoolWindow window)
    {
        var element = default(TElement);
        return indices.Matches(loaded.Index, d, h, w, window) ? element.Add(sum, element.Load(gradOutput[output])) : sum;
    }

    public TAcc Finish(long input, TAcc sum) => sum;
}
