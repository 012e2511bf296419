namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.max_pool1d</c>. Immutable; set values with an object
/// initializer: <c>new MaxPool1dOptions(3) { Stride = 2, Padding = 1 }</c>. Each value is checked
/// when it is set, with max_pool1d's wording; the rules that need the input (padding against the
/// kernel, a non-empty output) are checked by <see cref="OutputShape"/>.
/// </summary>
public sealed record MaxPool1dOptions : IWindowOptions
{
    private readonly int? stride;

    /// <summary>Max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">Window length.</param>
    /// <exception cref="ArgumentOutOfRangeException">The kernel size is not positive.</exception>
    public MaxPool1dOptions(int kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window length; greater than zero.</summary>
    public int KernelSize { get; init => field = PoolingRules.CheckMaxPool1dPositive(value, nameof(KernelSize), "kernel_size"); }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public int Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckMaxPool1dPositive(value, nameof(Stride), "stride"); }

    /// <summary>Implicit -inf padding on each side; at most half the effective kernel.</summary>
    public int Padding { get; init => field = PoolingRules.CheckMaxPool1dPadding(value); }

    /// <summary>Spacing between window elements; greater than zero.</summary>
    public int Dilation { get; init => field = PoolingRules.CheckMaxPool1dPositive(value, nameof(Dilation), "dilation"); } = 1;

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input or the left padding.</summary>
    public bool CeilMode { get; init; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <remarks>
    /// The output must have at least one element. PyTorch 1.13's max_pool1d on the CPU returns an
    /// empty tensor instead when it computes neither indices nor a gradient, and raises this
    /// error otherwise; PyTorch 2.x always raises it. Padding may be up to half the effective
    /// kernel <c>(k-1)*d+1</c>, the current rule (1.13's max_pool1d checks half the kernel).
    /// </remarks>
    /// <param name="input">Input shape (N, C, L) or (C, L).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the effective kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">The input is not 1D, or C or L is zero.</exception>
    public TensorShape OutputShape(TensorShape input) => PoolingRules.WindowOutputShape(input, "max_pool1d", 1, Axes, CeilMode);

    string IWindowOptions.Op => "max_pool1d";

    /// <summary>The options per spatial axis (D and H unused).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes => (AxisSpec.Unit, AxisSpec.Unit, new(KernelSize, Stride, Padding, Dilation));

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;
}
