namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.avg_pool1d</c> (which has no divisor_override). Immutable;
/// set values with an object initializer: <c>new AvgPool1dOptions(3) { Stride = 1, Padding = 1 }</c>.
/// Each value is checked when it is set; PyTorch pools 1D as 2D with a height of 1, and so do its
/// messages (<c>kH: 1 kW: 0</c>), which these keep. The rules that need the input are checked by
/// <see cref="OutputShape"/>.
/// </summary>
public sealed record AvgPool1dOptions : IAverageOptions
{
    private readonly int? stride;

    /// <summary>Average pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <exception cref="ArgumentOutOfRangeException">The kernel size is not positive.</exception>
    public AvgPool1dOptions(int kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window length; greater than zero.</summary>
    public int KernelSize { get; init => field = PoolingRules.CheckKernel(new Size2(1, value)).Width; }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckStride(new Size2(1, value)).Width; }

    /// <summary>Implicit zero padding on each side; at most half the kernel.</summary>
    public int Padding { get; init => field = PoolingRules.CheckPaddingSign(new Size2(0, value)).Width; }

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input or the left padding.</summary>
    public bool CeilMode { get; init; }

    /// <summary>Count padding positions in the divisor (PyTorch's default, true).</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape (N, C, L) or (C, L).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 1D, or C or L is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "avg_pool1d", 1, Axes, CeilMode);

    string IWindowOptions.Op => "avg_pool1d";

    int? IAverageOptions.DivisorOverride => null;

    /// <summary>The options per spatial axis (D and H unused; no dilation).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes => (AxisSpec.Unit, AxisSpec.Unit, new(KernelSize, Stride, Padding, 1));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
