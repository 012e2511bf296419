namespace Pooling.Gpu;

/// <summary>The options of max pooling: a window pooling with padding and dilation.</summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record MaxPoolOptions<TSize> : PaddedPoolOptions<TSize>
    where TSize : struct
{
    private protected MaxPoolOptions(TSize kernelSize)
        : base(kernelSize)
    {
        Dilation = One;
    }

    /// <summary>Spacing between window elements; every axis greater than zero.</summary>
    public TSize Dilation { get; init => field = CheckPositive(value, nameof(Dilation)); }

    internal sealed override string Op => OpName;

    private protected override TSize DilationSize => Dilation;

    /// <summary>max_pool1d, max_pool2d or max_pool3d, made once per rank so that a call does not allocate it.</summary>
    private static string OpName { get; } = SpatialSize.OpName<TSize>("max_pool");
}

/// <summary>
/// Options of <c>torch.nn.functional.max_pool1d</c>: <c>new MaxPool1dOptions(3) { Stride = 2, Padding = 1 }</c>.
/// Values are checked with max_pool1d's own wording.
/// </summary>
/// <remarks>
/// The output must have at least one element. PyTorch 1.13's max_pool1d on the CPU returns an
/// empty tensor instead when it computes neither indices nor a gradient, and raises this error
/// otherwise; PyTorch 2.x always raises it. Padding may be up to half the effective kernel
/// <c>(k-1)*d+1</c>, the current rule (1.13's max_pool1d checks half the kernel).
/// </remarks>
public sealed record MaxPool1dOptions : MaxPoolOptions<int>
{
    /// <summary>Max pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window length; greater than zero.</param>
    public MaxPool1dOptions(int kernelSize)
        : base(kernelSize)
    {
    }

    private protected override int CheckPositive(int value, string option) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(option, value, $"max_pool1d() {PoolingRules.TorchName(option)} must be greater than zero, but got {value}");

    private protected override int CheckNotNegative(int value, string option) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(option, value, $"max_pool1d() padding must be non-negative, but got {value}");
}

/// <summary>Options of <c>torch.nn.functional.max_pool2d</c>: <c>new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }</c>.</summary>
public sealed record MaxPool2dOptions : MaxPoolOptions<Size2>
{
    /// <summary>Max pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window size (kH, kW); both greater than zero.</param>
    public MaxPool2dOptions(Size2 kernelSize)
        : base(kernelSize)
    {
    }
}

/// <summary>
/// Options of <c>torch.nn.functional.max_pool3d</c>: <c>new MaxPool3dOptions(3) { Stride = 2, Padding = 1 }</c>.
/// Values are checked with PyTorch's pool3d wording (kT, dT, dilationT, ...).
/// </summary>
public sealed record MaxPool3dOptions : MaxPoolOptions<Size3>
{
    /// <summary>Max pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window size (kT, kH, kW); all greater than zero.</param>
    public MaxPool3dOptions(Size3 kernelSize)
        : base(kernelSize)
    {
    }
}
