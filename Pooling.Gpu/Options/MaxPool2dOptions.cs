namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.max_pool2d</c>. Immutable; set values with an object
/// initializer: <c>new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }</c>.
/// Each value is checked when it is set; the rules that need the input (padding against the
/// kernel, a non-empty output) are checked by <see cref="OutputShape"/>.
/// </summary>
public sealed record MaxPool2dOptions : IWindowOptions
{
    private readonly Size2? stride;

    /// <summary>Max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">Window size (kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A kernel size is not positive.</exception>
    public MaxPool2dOptions(Size2 kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window size (kH, kW); both greater than zero.</summary>
    public Size2 KernelSize { get; init => field = PoolingRules.CheckKernel(value); }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public Size2 Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckStride(value); }

    /// <summary>Implicit -inf padding on each side; at most half the effective kernel.</summary>
    public Size2 Padding { get; init => field = PoolingRules.CheckPaddingSign(value); } = 0;

    /// <summary>Spacing between window elements; greater than zero.</summary>
    public Size2 Dilation { get; init => field = PoolingRules.CheckDilation(value); } = 1;

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input or the left padding.</summary>
    public bool CeilMode { get; init; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape (N, C, H, W) or (C, H, W).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the effective kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 2D, or C, H or W is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "max_pool2d", 2, Axes, CeilMode);

    string IWindowOptions.Op => "max_pool2d";

    /// <summary>The options per spatial axis (D unused).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes =>
        (AxisSpec.Unit, new(KernelSize.Height, Stride.Height, Padding.Height, Dilation.Height), new(KernelSize.Width, Stride.Width, Padding.Width, Dilation.Width));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
