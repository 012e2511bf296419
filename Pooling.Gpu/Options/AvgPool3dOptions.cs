namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.avg_pool3d</c>. Immutable; set values with an object
/// initializer: <c>new AvgPool3dOptions(3) { Stride = 1, Padding = 1, DivisorOverride = 9 }</c>.
/// Each value is checked when it is set, with PyTorch's pool3d wording; the rules that need the
/// input are checked by <see cref="OutputShape"/>.
/// </summary>
public sealed record AvgPool3dOptions : IAverageOptions
{
    private readonly Size3? stride;

    /// <summary>Average pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">Window size (kT, kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A kernel size is not positive.</exception>
    public AvgPool3dOptions(Size3 kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window size (kT, kH, kW); all greater than zero.</summary>
    public Size3 KernelSize { get; init => field = PoolingRules.CheckKernel(value); }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public Size3 Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckStride(value); }

    /// <summary>Implicit zero padding on each side; at most half the kernel.</summary>
    public Size3 Padding { get; init => field = PoolingRules.CheckPaddingSign(value); } = 0;

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input or the left padding.</summary>
    public bool CeilMode { get; init; }

    /// <summary>Count padding positions in the divisor (PyTorch's default, true).</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <summary>When set, every window is divided by this value instead of its size; not zero.</summary>
    public int? DivisorOverride
    {
        get;
        init => field = value == 0
            ? throw new ArgumentOutOfRangeException(nameof(DivisorOverride), value, "divisor must be not zero")
            : value;
    }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <remarks>
    /// As PyTorch's avg_pool3d (and unlike its max_pool3d and the 1D and 2D poolings), every
    /// spatial size must be at least the kernel's, even where padding would make room for a window.
    /// </remarks>
    /// <param name="input">Input shape (N, C, D, H, W) or (C, D, H, W).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the kernel, the input is smaller than the kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 3D, or C, D, H or W is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "avg_pool3d", 3, Axes, CeilMode, inputAtLeastKernel: true);

    string IWindowOptions.Op => "avg_pool3d";

    /// <summary>The options per spatial axis (no dilation).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes => (
        new(KernelSize.Depth, Stride.Depth, Padding.Depth, 1),
        new(KernelSize.Height, Stride.Height, Padding.Height, 1),
        new(KernelSize.Width, Stride.Width, Padding.Width, 1));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
