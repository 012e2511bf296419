namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.lp_pool2d</c> (power-average pooling, no padding, no
/// dilation). Immutable; set values with an object initializer:
/// <c>new LPPool2dOptions(2, 3) { Stride = 2 }</c>. PyTorch computes it with avg_pool2d, so the
/// kernel and stride are checked with its wording; the rules that need the input are checked by
/// <see cref="OutputShape"/>.
/// </summary>
public sealed record LPPool2dOptions : ILpOptions
{
    private readonly Size2? stride;

    /// <summary>Power-average pooling of norm <paramref name="normType"/> with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="normType">The exponent p; finite and not zero.</param>
    /// <param name="kernelSize">Window size (kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">p is zero, infinite or NaN, or a kernel size is not positive.</exception>
    public LPPool2dOptions(double normType, Size2 kernelSize)
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

    /// <summary>Window size (kH, kW); both greater than zero.</summary>
    public Size2 KernelSize { get; init => field = PoolingRules.CheckKernel(value); }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public Size2 Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckStride(value); }

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input (and is scaled as a full one).</summary>
    public bool CeilMode { get; init; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape (N, C, H, W) or (C, H, W).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 2D, or C, H or W is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "lp_pool2d", 2, Axes, CeilMode);

    string IWindowOptions.Op => "lp_pool2d";

    /// <summary>The options per spatial axis (D unused).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes =>
        (AxisSpec.Unit, new(KernelSize.Height, Stride.Height, 0, 1), new(KernelSize.Width, Stride.Width, 0, 1));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
