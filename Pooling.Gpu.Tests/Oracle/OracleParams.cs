namespace Pooling.Gpu.Tests;

/// <summary>
/// The parameters of one oracle case, named as in <c>torch.nn.functional</c>. A null value is
/// left out of the request, so PyTorch applies its own default.
/// </summary>
public sealed record OracleParams
{
    /// <summary><c>kernel_size</c> of the window ops.</summary>
    public OracleSize? KernelSize { get; init; }

    /// <summary><c>stride</c>; PyTorch defaults it to the kernel.</summary>
    public OracleSize? Stride { get; init; }

    /// <summary><c>padding</c>.</summary>
    public OracleSize? Padding { get; init; }

    /// <summary><c>dilation</c> (max pooling only).</summary>
    public OracleSize? Dilation { get; init; }

    /// <summary><c>ceil_mode</c>.</summary>
    public bool? CeilMode { get; init; }

    /// <summary><c>count_include_pad</c> (average pooling only).</summary>
    public bool? CountIncludePad { get; init; }

    /// <summary><c>divisor_override</c> (average pooling only).</summary>
    public int? DivisorOverride { get; init; }

    /// <summary><c>output_size</c> of the adaptive and fractional ops.</summary>
    public OracleSize? OutputSize { get; init; }

    /// <summary><c>norm_type</c> of the power-average ops.</summary>
    public double? NormType { get; init; }

    /// <summary><c>output_ratio</c> of the fractional ops, one per spatial dim.</summary>
    public double[]? OutputRatio { get; init; }

    /// <summary><c>_random_samples</c> of the fractional ops, (N, C, rank) flattened; the script shapes it from the input's C.</summary>
    public double[]? RandomSamples { get; init; }

    /// <summary><c>return_indices</c> of the max ops.</summary>
    public bool? ReturnIndices { get; init; }

    /// <summary>Apply the op to its own output, <c>op(op(x))</c>, with autograd through both calls (one layer object used twice).</summary>
    public bool? Twice { get; init; }

    /// <summary>The parameters of <c>F.max_pool2d</c> that match the library's options.</summary>
    /// <param name="options">The library's options.</param>
    /// <param name="returnIndices">Ask PyTorch for the indices too.</param>
    /// <returns>The torch parameters, every value explicit.</returns>
    public static OracleParams MaxPool(MaxPool2dOptions options, bool returnIndices = false) => new()
    {
        KernelSize = options.KernelSize,
        Stride = options.Stride,
        Padding = options.Padding,
        Dilation = options.Dilation,
        CeilMode = options.CeilMode,
        ReturnIndices = returnIndices,
    };

    /// <summary>The parameters of <c>F.avg_pool2d</c> that match the library's options.</summary>
    /// <param name="options">The library's options.</param>
    /// <returns>The torch parameters, every value explicit.</returns>
    public static OracleParams AvgPool(AvgPool2dOptions options) => new()
    {
        KernelSize = options.KernelSize,
        Stride = options.Stride,
        Padding = options.Padding,
        CeilMode = options.CeilMode,
        CountIncludePad = options.CountIncludePad,
        DivisorOverride = options.DivisorOverride,
    };
}
