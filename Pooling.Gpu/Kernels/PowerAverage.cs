using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// PyTorch's power-average pooling (<c>lp_pool1d</c>, <c>lp_pool2d</c>, <c>lp_pool3d</c>), term by term:
/// <c>s = avg_pool(x.pow(p), k, stride, 0, ceil_mode)</c>, then
/// <c>y = (sign(s) * relu(|s|) * K).pow(1/p)</c> with K the kernel's area or volume (not the window's
/// size: in ceil mode a clipped window is scaled up to a full one). The math is done in float64
/// (see <see cref="Power"/>); <c>x.pow(p)</c> is rounded to the accumulator type before it is
/// summed, as PyTorch's intermediate tensor is.
/// </summary>
/// <param name="P">The norm type p: finite, not zero.</param>
/// <param name="InverseP">1/p, computed once in float64 as PyTorch computes <c>1.0 / norm_type</c>.</param>
/// <param name="KernelArea">K = kT*kH*kW (kH*kW in 2D, kW in 1D).</param>
internal readonly record struct LpNorm(double P, double InverseP, long KernelArea)
{
    internal static LpNorm Of(double p, long kernelArea) => new(p, 1.0 / p, kernelArea);

    /// <summary><c>x.pow(p)</c>.</summary>
    internal double ToPower(double x) => Power.Pow(x, P);

    /// <summary>The output from the window mean <paramref name="s"/> of <c>x^p</c>.</summary>
    internal double Output(double s) => Power.Pow(Sign(s) * Math.Abs(s) * KernelArea, InverseP);

    /// <summary>
    /// The gradient of the window mean s from the output's gradient <paramref name="g"/> and the
    /// output <paramref name="y"/>, following PyTorch's autograd through each term of
    /// <see cref="Output"/>: <c>v^(1/p - 1)</c> is <c>y^(1 - p)</c>, and sign(s) is sign(y) (a NaN y
    /// means s is NaN, where torch.sign gives 0, or negative with p not 1, where the product is NaN
    /// either way). Where s = 0 relu's gradient is 0, so the whole gradient is 0 (PyTorch's stated
    /// intent); where y is NaN it is NaN, except for p = 1 (then 0, as PyTorch). s = 0 gives y = 0,
    /// or for p &lt; 0 y = 0^(1/p) = +inf (where y = 0 means s = +inf).
    /// </summary>
    internal double MeanGradient(double g, double y)
    {
        bool zeroMean = P < 0 ? y == double.PositiveInfinity : y == 0;
        double sign = zeroMean ? 0 : Sign(y);
        double gradV = g * (InverseP * Power.Pow(y, 1 - P));
        double gradRelu = gradV * KernelArea * sign;
        double gradAbs = zeroMean ? 0 : gradRelu;
        return gradAbs * sign;
    }

    /// <summary>The input's gradient from the gradient of its <c>x^p</c>: <c>grad * (p * x.pow(p - 1))</c>, PyTorch's pow backward.</summary>
    internal double InputGradient(double gradPower, double x) => gradPower * (P * Power.Pow(x, P - 1));

    /// <summary>torch.sign: -1, 0 or 1, and 0 for NaN; two selects on ordered tests, so that no negated test decides a NaN's sign (see MaxReduction.Add).</summary>
    private static double Sign(double value) => (value > 0 ? 1.0 : 0.0) - (value < 0 ? 1.0 : 0.0);
}

/// <summary>
/// The power-average of a window: the average (<see cref="AverageReduction{T, TAcc, TElement}"/>)
/// of <c>x^p</c>, over the window's size (there is no padding, and every window starts inside the
/// input, so no window is empty), then <see cref="LpNorm.Output"/>.
/// </summary>
internal struct PowerAverageReduction<T, TAcc, TElement>(ArrayView<T> values, LpNorm norm) : IWindowReduction<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    private readonly LpNorm norm = norm;
    private AverageReduction<T, TAcc, TElement> powers = new(values, 0);

    public void Reset(PoolWindow window) => powers.Reset(window);

    public void Add(TAcc value, long d, long h, long w)
    {
        var element = default(TElement);
        powers.Add(element.FromDouble(norm.ToPower(element.ToDouble(value))), d, h, w);
    }

    public readonly void Store(long output, PoolWindow window)
    {
        var element = default(TElement);
        powers.Values[output] = element.Store(element.FromDouble(norm.Output(element.ToDouble(powers.Mean(window)))));
    }
}

/// <summary>
/// Power-average pooling's gradient: each window gives every input of it the window mean's
/// gradient (<see cref="LpNorm.MeanGradient"/>, from the forward output) over the window's size,
/// and each input's sum is then multiplied by <c>p * x^(p-1)</c>.
/// </summary>
internal readonly struct PowerAverageGradient<T, TAcc, TElement>(ArrayView<T> gradOutput, ArrayView<T> forwardOutput, ArrayView<T> forwardInput, LpNorm norm)
    : IWindowGradient<TAcc>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    public OutputLoads<TAcc> Load(long output)
    {
        var element = default(TElement);
        return new(0, element.Load(gradOutput[output]), element.Load(forwardOutput[output]));
    }

    public TAcc Add(TAcc sum, OutputLoads<TAcc> loaded, long output, long d, long h, long w, PoolWindow window)
    {
        var element = default(TElement);
        double grad = norm.MeanGradient(element.ToDouble(loaded.Gradient), element.ToDouble(loaded.Value));
        return element.Add(sum, element.Divide(element.FromDouble(grad), window.Extent));
    }

    public TAcc Finish(long input, TAcc sum)
    {
        var element = default(TElement);
        return element.FromDouble(norm.InputGradient(element.ToDouble(sum), element.ToDouble(element.Load(forwardInput[input]))));
    }
}
