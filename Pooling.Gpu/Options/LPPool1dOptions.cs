namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.lp_pool1d</c> (power-average pooling, no padding, no
/// dilation). Immutable; set values with an object initializer:
/// <c>new LPPool1dOptions(2, 3) { Stride = 2 }</c>. PyTorch computes it with avg_pool1d, so the
/// kernel and stride are checked with its wording (which, as PyTorch pools 1D as 2D, names
/// <c>kH: 1</c>); the rules that need the input are checked by <see cref="OutputShape"/>.
/// </summary>
public sealed record LPPool1dOptions : ILpOptions
{
    private readonly int? stride;

    /// <summary>Power-average pooling of norm <paramref name="normType"/> with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="normType">The exponent p; finite and not zero.</param>
    /// <param name="kernelSize">Window length.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is zero, infinite or NaN, or the kernel size is not positive.</exception>
    public LPPool1dOptions(double normType, int kernelSize)
    {
        NormType = normType;
        KernelSize = kernelSize;
    }

    /// <summary>
    /// The exponent p; finite and not zero. PyTorch also takes p = inf, for which its formula gives
    /// 1 everywhere (not max pooling, as its documentation says), and fails on p = 0 with a
    /// division by zero: both are refused here.
    /// </summary>
    public double NormType { get; init => field = PoolingRules.CheckNormType(value); }

    /// <summary>Window length; greater than zero.</summary>
    public int KernelSize { get; init => field = PoolingRules.CheckKernel(new Size2(1, value)).Width; }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckStride(new Size2(1, value)).Width; }

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input (and is scaled as a full one).</summary>
    public bool CeilMode { get; init; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape (N, C, L) or (C, L).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 1D, or C or L is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "lp_pool1d", 1, Axes, CeilMode);

    string IWindowOptions.Op => "lp_pool1d";

    /// <summary>The options per spatial axis (D and H unused).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes => (AxisSpec.Unit, AxisSpec.Unit, new(KernelSize, Stride, 0, 1));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
