namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// What PyTorch runs for the same work as one of our cases: a torch.nn.functional op (or
/// <c>global_avg_pool2d</c> = <c>x.mean((2, 3))</c>, <c>global_max_pool2d</c> =
/// <c>adaptive_max_pool2d(x, 1)</c>) with its keyword arguments, forward with or without indices,
/// or its backward through autograd. bench/gpu/torch_bench.py reads these from compare's plan.json.
/// </summary>
/// <param name="Op">The torch.nn.functional op, or global_avg_pool2d / global_max_pool2d.</param>
/// <param name="Params">Its keyword arguments.</param>
/// <param name="Indices">Forward with return_indices=True.</param>
/// <param name="Backward">The op's backward through autograd.</param>
/// <param name="ChannelsLast">The input in torch.channels_last memory format, as ours in <see cref="TensorLayout.ChannelsLast"/>.</param>
internal sealed record TorchPeer(string Op, IReadOnlyDictionary<string, object> Params, bool Indices = false, bool Backward = false, bool ChannelsLast = false)
{
    /// <summary>The name that joins our rows to PyTorch's, e.g. <c>max_pool2d+indices</c> or <c>max_pool2d_backward</c>.</summary>
    internal string Key => Backward ? $"{Op}_backward" : Indices ? $"{Op}+indices" : Op;

    internal static TorchPeer MaxPool(MaxPool2dOptions o) => new("max_pool2d", new Dictionary<string, object>
    {
        ["kernel_size"] = Pair(o.KernelSize),
        ["stride"] = Pair(o.Stride),
        ["padding"] = Pair(o.Padding),
        ["dilation"] = Pair(o.Dilation),
        ["ceil_mode"] = o.CeilMode,
    });

    internal static TorchPeer AvgPool(AvgPool2dOptions o) => new("avg_pool2d", new Dictionary<string, object?>
    {
        ["kernel_size"] = Pair(o.KernelSize),
        ["stride"] = Pair(o.Stride),
        ["padding"] = Pair(o.Padding),
        ["ceil_mode"] = o.CeilMode,
        ["count_include_pad"] = o.CountIncludePad,
        ["divisor_override"] = o.DivisorOverride,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!));

    internal static TorchPeer MaxPool(MaxPool1dOptions o) => new("max_pool1d", new Dictionary<string, object>
    {
        ["kernel_size"] = new[] { o.KernelSize },
        ["stride"] = new[] { o.Stride },
        ["padding"] = new[] { o.Padding },
        ["dilation"] = new[] { o.Dilation },
        ["ceil_mode"] = o.CeilMode,
    });

    internal static TorchPeer MaxPool(MaxPool3dOptions o) => new("max_pool3d", new Dictionary<string, object>
    {
        ["kernel_size"] = Triple(o.KernelSize),
        ["stride"] = Triple(o.Stride),
        ["padding"] = Triple(o.Padding),
        ["dilation"] = Triple(o.Dilation),
        ["ceil_mode"] = o.CeilMode,
    });

    /// <summary>max_unpool2d; torch_bench.py makes its indices by max pooling a random tensor with the same options.</summary>
    internal static TorchPeer Unpool(MaxUnpool2dOptions o) => new("max_unpool2d", new Dictionary<string, object?>
    {
        ["kernel_size"] = Pair(o.KernelSize),
        ["stride"] = Pair(o.Stride),
        ["padding"] = Pair(o.Padding),
        ["output_size"] = o.OutputSize is { } size ? Pair(size) : null,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!));

    internal static TorchPeer LpPool(LPPool2dOptions o) => new("lp_pool2d", new Dictionary<string, object>
    {
        ["norm_type"] = o.NormType,
        ["kernel_size"] = Pair(o.KernelSize),
        ["stride"] = Pair(o.Stride),
        ["ceil_mode"] = o.CeilMode,
    });

    internal static TorchPeer Adaptive(string op, Size2 output) => new(op, new Dictionary<string, object> { ["output_size"] = Pair(output) });

    internal static TorchPeer Adaptive(string op, Size3 output) => new(op, new Dictionary<string, object> { ["output_size"] = Triple(output) });

    internal static TorchPeer Global(string op) => new(op, new Dictionary<string, object>());

    /// <summary>The same op on an input in <paramref name="layout"/>.</summary>
    internal TorchPeer In(TensorLayout layout) => this with { ChannelsLast = layout == TensorLayout.ChannelsLast };

    /// <summary>The same op with indices (forward).</summary>
    internal TorchPeer WithIndices() => this with { Indices = true };

    /// <summary>The backward of the same op (max poolings record indices in their forward).</summary>
    internal TorchPeer Gradient() => this with { Indices = Op.Contains("max_pool", StringComparison.Ordinal), Backward = true };

    private static int[] Pair(Size2 size) => [size.Height, size.Width];

    private static int[] Triple(Size3 size) => [size.Depth, size.Height, size.Width];
}
