using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// The mean of a window as PyTorch's CUDA avg_pool computes it: a sum in the accumulator type,
/// divided by the override when given, else by the window's extent (see <see cref="StridedWindows"/>
/// and <see cref="AdaptiveWindows"/>), rounded to the element type once. A window with no input
/// position gives 0.
/// </summary>
internal struct AverageReduction<T, TAcc, TElement>(ArrayView<T> values, int divisorOverride) : IWindowReduction<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    private readonly ArrayView<T> values = values;
    private readonly int divisorOverride = divisorOverride;
    private TAcc sum;

    /// <summary>Where the means go (for the host path's vector code).</summary>
    internal readonly ArrayView<T> Values => values;

    /// <summary>The divisor override; 0 for none.</summary>
    internal readonly int DivisorOverride => divisorOverride;

    public void Reset(PoolWindow window) => sum = default(TElement).Zero;

    public void Add(TAcc value, long d, long h, long w) => sum = default(TElement).Add(sum, value);

    public readonly void Store(long output, PoolWindow window) => values[output] = default(TElement).Store(Mean(window));

    /// <summary>The mean of the values taken since <see cref="Reset"/>, in the accumulator type; 0 for a window with no input position.</summary>
    internal readonly TAcc Mean(PoolWindow window)
    {
        var element = default(TElement);
        return window.IsEmpty ? element.Zero : element.Divide(sum, Divisor(window, divisorOverride));
    }

    /// <summary>The override when set (not 0), else the window's extent.</summary>
    internal static long Divisor(PoolWindow window, int divisorOverride) => divisorOverride != 0 ? divisorOverride : window.Extent;
}

/// <summary>Average pooling's gradient: each position of a window gets the window's gradient over its divisor.</summary>
internal readonly struct AverageGradient<T, TAcc, TElement>(ArrayView<T> gradOutput, int divisorOverride) : IWindowGradient<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    /// <summary>The outputs' gradient (for the host path's vector code).</summary>
    internal ArrayView<T> GradOutput => gradOutput;

    /// <summary>The divisor override; 0 for none.</summary>
    internal int DivisorOverride => divisorOverride;

    public OutputLoads<TAcc> Load(long output) => new(0, default(TElement).Load(gradOutput[output]), default);

    public TAcc Add(TAcc sum, OutputLoads<TAcc> loaded, long output, long d, long h, long w, PoolWindow window)
    {
        var element = default(TElement);
        return element.Add(sum, element.Divide(loaded.Gradient, AverageReduction<T, TAcc, TElement>.Divisor(window, divisorOverride)));
    }

    public TAcc Finish(long input, TAcc sum) => sum;
}
