namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// What PyTorch runs for the same work as one of our cases: a torch.nn.functional op (or
/// <c>global_avg_pool2d</c> = <c>x.mean((2, 3))</c>, <c>global_max_pool2d</c> =
/// <c>adaptive_max_pool2d(x, 1)</c>) with its keyword arguments, forward with or without indices,
/// or its backward through autograd. bench/gpu/torch_bench.py reads these from compare's plan.json.
/// </summary>
internal sealed record TorchPeer(string Op, IReadOnlyDictionary<string, object> Params, bool Indices = false, bool Backward = false)
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

    internal static TorchPeer Adaptive(string op, Size2 output) => new(op, new Dictionary<string, object> { ["output_size"] = Pair(output) });

    internal static TorchPeer Global(string op) => new(op, new Dictionary<string, object>());

    /// <summary>The same op with indices (forward).</summary>
    internal TorchPeer WithIndices() => this with { Indices = true };

    /// <summary>The backward of the same op (max ops record indices in their forward).</summary>
    internal TorchPeer Gradient() => this with { Indices = Op.Contains("max", StringComparison.Ordinal), Backward = true };

    private static int[] Pair(Size2 size) => [size.Height, size.Width];
}
