namespace Pooling.Gpu;

/// <summary>
/// The options of power-average (LP) pooling: a window pooling without padding or dilation, and
/// the exponent p. PyTorch computes it with avg_pool, so the kernel and stride are checked with
/// avg_pool's wording, and the input with its rules.
/// </summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record LPPoolOptions<TSize> : PoolOptions<TSize>, ILpOptions
    where TSize : struct
{
    private protected LPPoolOptions(double normType, TSize kernelSize)
        : base(kernelSize)
    {
        NormType = normType;
    }

    /// <summary>
    /// The exponent p; finite and not zero. PyTorch also takes p = inf, for which its formula gives
    /// 1 everywhere (not max pooling, as its documentation says), and fails on p = 0 with a
    /// division by zero: both are refused here.
    /// </summary>
    public double NormType { get; init => field = PoolingRules.CheckNormType(value); }

    internal sealed override string Op => OpName;

    /// <summary>lp_pool1d, lp_pool2d or lp_pool3d, made once per rank so that a call does not allocate it.</summary>
    private static string OpName { get; } = SpatialSize.OpName<TSize>("lp_pool");
}

/// <summary>Options of <c>torch.nn.functional.lp_pool1d</c>: <c>new LPPool1dOptions(2, 3) { Stride = 2 }</c>.</summary>
public sealed record LPPool1dOptions : LPPoolOptions<int>
{
    /// <summary>Power-average pooling of norm <paramref name="normType"/> with the given kernel; the stride defaults to it.</summary>
    /// <param name="normType">The exponent p; finite and not zero.</param>
    /// <param name="kernelSize">Window length; greater than zero.</param>
    public LPPool1dOptions(double normType, int kernelSize)
        : base(normType, kernelSize)
    {
    }
}

/// <summary>Options of <c>torch.nn.functional.lp_pool2d</c>: <c>new LPPool2dOptions(2, 3) { Stride = 2 }</c>.</summary>
public sealed record LPPool2dOptions : LPPoolOptions<Size2>
{
    /// <summary>Power-average pooling of norm <paramref name="normType"/> with the given kernel; the stride defaults to it.</summary>
    /// <param name="normType">The exponent p; finite and not zero.</param>
    /// <param name="kernelSize">Window size (kH, kW); both greater than zero.</param>
    public LPPool2dOptions(double normType, Size2 kernelSize)
        : base(normType, kernelSize)
    {
    }
}

/// <summary>
/// Options of <c>torch.nn.functional.lp_pool3d</c> (PyTorch 2.2 and later):
/// <c>new LPPool3dOptions(2, 3) { Stride = (1, 2, 2) }</c>. PyTorch computes it with avg_pool3d,
/// whose pool3d wording the values are checked with and whose rule it keeps: every spatial size of
/// the input must be at least the kernel's.
/// </summary>
public sealed record LPPool3dOptions : LPPoolOptions<Size3>
{
    /// <summary>Power-average pooling of norm <paramref name="normType"/> with the given kernel; the stride defaults to it.</summary>
    /// <param name="normType">The exponent p; finite and not zero.</param>
    /// <param name="kernelSize">Window size (kT, kH, kW); all greater than zero.</param>
    public LPPool3dOptions(double normType, Size3 kernelSize)
        : base(normType, kernelSize)
    {
    }

    private protected override bool InputAtLeastKernel => true;
}
