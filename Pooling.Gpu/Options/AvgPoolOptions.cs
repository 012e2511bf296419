namespace Pooling.Gpu;

/// <summary>The options of average pooling: a window pooling with zero padding and a divisor rule.</summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record AvgPoolOptions<TSize> : PaddedPoolOptions<TSize>, IAverageOptions
    where TSize : struct
{
    private protected AvgPoolOptions(TSize kernelSize)
        : base(kernelSize)
    {
    }

    /// <summary>Count padding positions in the divisor (PyTorch's default, true).</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <summary>avg_pool1d, avg_pool2d or avg_pool3d, made once per rank so that a call does not allocate it.</summary>
    private static string OpName { get; } = SpatialSize.OpName<TSize>("avg_pool");

    internal sealed override string Op => OpName;

    /// <summary>The divisor of every window when set (avg_pool2d and avg_pool3d).</summary>
    private protected virtual int? Divisor => null;

    int? IAverageOptions.DivisorOverride => Divisor;
}

/// <summary>
/// Options of <c>torch.nn.functional.avg_pool1d</c>, which has no divisor_override:
/// <c>new AvgPool1dOptions(3) { Stride = 1, Padding = 1 }</c>. PyTorch pools 1D as 2D with a
/// height of 1, and so do its messages (<c>kH: 1 kW: 0</c>), which these keep.
/// </summary>
public sealed record AvgPool1dOptions : AvgPoolOptions<int>
{
    /// <summary>Average pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window length; greater than zero.</param>
    public AvgPool1dOptions(int kernelSize)
        : base(kernelSize)
    {
    }
}

/// <summary>Options of <c>torch.nn.functional.avg_pool2d</c>: <c>new AvgPool2dOptions(3) { Stride = 1, Padding = 1, CountIncludePad = false }</c>.</summary>
public sealed record AvgPool2dOptions : AvgPoolOptions<Size2>
{
    /// <summary>Average pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window size (kH, kW); both greater than zero.</param>
    public AvgPool2dOptions(Size2 kernelSize)
        : base(kernelSize)
    {
    }

    /// <summary>When set, every window is divided by this value instead of its size; not zero.</summary>
    public int? DivisorOverride { get; init => field = PoolingRules.CheckDivisor(value); }

    private protected override int? Divisor => DivisorOverride;
}

/// <summary>
/// Options of <c>torch.nn.functional.avg_pool3d</c>: <c>new AvgPool3dOptions(3) { Stride = 1, Padding = 1, DivisorOverride = 9 }</c>.
/// Values are checked with PyTorch's pool3d wording. As PyTorch's avg_pool3d (and unlike its
/// max_pool3d and the 1D and 2D poolings), every spatial size of the input must be at least the
/// kernel's, even where padding would make room for a window.
/// </summary>
public sealed record AvgPool3dOptions : AvgPoolOptions<Size3>
{
    /// <summary>Average pooling with the given kernel; the stride defaults to it.</summary>
    /// <param name="kernelSize">Window size (kT, kH, kW); all greater than zero.</param>
    public AvgPool3dOptions(Size3 kernelSize)
        : base(kernelSize)
    {
    }

    /// <summary>When set, every window is divided by this value instead of its size; not zero.</summary>
    public int? DivisorOverride { get; init => field = PoolingRules.CheckDivisor(value); }

    private protected override int? Divisor => DivisorOverride;

    private protected override bool InputAtLeastKernel => true;
}
