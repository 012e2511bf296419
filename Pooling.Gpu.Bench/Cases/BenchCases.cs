namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// Every op of the engine on its canonical workloads: one line per op and workload. The 2D ops
/// run in fp32 and fp16 (the speed goals ask for both), channels-first and, after every other
/// case, channels-last (workload ids with <c>-nhwc</c>); the others (<see cref="BreadthCases"/>)
/// in fp32, channels-first. A new op (a backward, say) is one more line here, and the benchmarks,
/// the smoke job, compare and the PyTorch comparison all pick it up.
/// </summary>
internal static class BenchCases
{
    /// <summary>The cases at a scale, in a fixed order.</summary>
    internal static IReadOnlyList<BenchCase> All(Scale scale) =>
    [
        .. Workloads<float>(scale, TensorLayout.ChannelsFirst),
        .. Workloads<ILGPU.Half>(scale, TensorLayout.ChannelsFirst),
        .. BreadthCases.All(scale),
        .. Workloads<float>(scale, TensorLayout.ChannelsLast),
        .. Workloads<ILGPU.Half>(scale, TensorLayout.ChannelsLast),
    ];

    /// <summary>The canonical workloads in element type <typeparamref name="T"/> and <paramref name="layout"/>; the tiny workload, which times a call's host path, channels-first only.</summary>
    private static IEnumerable<BenchCase> Workloads<T>(Scale scale, TensorLayout layout)
        where T : unmanaged
    {
        var incep = Canonical.Inception.At(scale, layout);
        var avg = Canonical.InceptionPool;
        var head = Canonical.Head.At(scale, layout);
        var plane = head.WithSpatial(1, 1);
        var adapt = Canonical.Adaptive.At(scale, layout);
        var size = Canonical.AdaptiveOutput;
        var heads = adapt.WithSpatial(size.Height, size.Width);
        var tiny = Canonical.Tiny.At(scale, layout);
        var stem = Canonical.StemPool;
        var gap = TorchPeer.Global("global_avg_pool2d").In(layout);
        var gmp = TorchPeer.Global("global_max_pool2d").In(layout);
        var adaptiveAvg = TorchPeer.Adaptive("adaptive_avg_pool2d", size).In(layout);
        var adaptiveMax = TorchPeer.Adaptive("adaptive_max_pool2d", size).In(layout);
        List<BenchCase> cases =
        [
            .. MaxPool<T>(Canonical.Stem, stem, scale, layout),
            .. MaxPool<T>(Canonical.Vgg, Canonical.VggPool, scale, layout),
            new BenchCase<T>(Canonical.Inception.IdIn(layout), "avg_pool2d", TorchPeer.AvgPool(avg).In(layout), incep, avg.OutputShape(incep), b => s => b.Engine.AvgPool(b.Input, avg, b.Output, s)),
            new BenchCase<T>(Canonical.Head.IdIn(layout), "global_avg_pool2d", gap, head, plane, b => s => b.Engine.GlobalAvgPool2d(b.Input, b.Output, s)),
            new BenchCase<T>(Canonical.Head.IdIn(layout), "global_max_pool2d", gmp, head, plane, b => s => b.Engine.GlobalMaxPool2d(b.Input, b.Output, s)),
            new BenchCase<T>(Canonical.Head.IdIn(layout), "global_max_pool2d+int64", gmp.WithIndices(), head, plane, b => s => b.Engine.GlobalMaxPool2dWithIndices(b.Input, b.Output, b.Indices, s)),
            new BenchCase<T>(Canonical.Head.IdIn(layout), "global_max_pool2d_backward+int64", gmp.Gradient(), head, plane, b =>
            {
                b.Engine.GlobalMaxPool2dWithIndices(b.Input, b.Output, b.Indices);
                return s => b.Engine.GlobalMaxPool2dBackward(b.GradOutput, b.Indices, b.GradInput, s);
            }),
            new BenchCase<T>(Canonical.Adaptive.IdIn(layout), "adaptive_avg_pool2d", adaptiveAvg, adapt, heads, b => s => b.Engine.AdaptiveAvgPool2d(b.Input, size, b.Output, s)),
            new BenchCase<T>(Canonical.Adaptive.IdIn(layout), "adaptive_max_pool2d", adaptiveMax, adapt, heads, b => s => b.Engine.AdaptiveMaxPool2d(b.Input, size, b.Output, s)),
            new BenchCase<T>(Canonical.Adaptive.IdIn(layout), "adaptive_max_pool2d+int64", adaptiveMax.WithIndices(), adapt, heads, b => s => b.Engine.AdaptiveMaxPool2dWithIndices(b.Input, size, b.Output, b.Indices, s)),
            new BenchCase<T>(Canonical.Adaptive.IdIn(layout), "adaptive_max_pool2d_backward+int64", adaptiveMax.Gradient(), adapt, heads, b =>
            {
                b.Engine.AdaptiveMaxPool2dWithIndices(b.Input, size, b.Output, b.Indices);
                return s => b.Engine.AdaptiveMaxPool2dBackward(b.GradOutput, b.Indices, b.GradInput, s);
            }),
        ];
        if (layout == TensorLayout.ChannelsFirst)
        {
            cases.Add(new BenchCase<T>(Canonical.Tiny.Id, "max_pool2d", TorchPeer.MaxPool(stem), tiny, stem.OutputShape(tiny), b => s => b.Engine.MaxPool(b.Input, stem, b.Output, s)));
        }

        return cases;
    }

    /// <summary>Max pooling forward without indices, with PyTorch's and with compact ones, and backward from each.</summary>
    private static IEnumerable<BenchCase> MaxPool<T>(WorkloadShape workload, MaxPool2dOptions options, Scale scale, TensorLayout layout)
        where T : unmanaged
    {
        var x = workload.At(scale, layout);
        var y = options.OutputShape(x);
        var peer = TorchPeer.MaxPool(options).In(layout);
        string id = workload.IdIn(layout);
        MaxPoolIndices Compact(CaseBuffers<T> b) => b.Compact(e => e.AllocateMaxPoolIndices(x, options));
        return
        [
            new BenchCase<T>(id, "max_pool2d", peer, x, y, b => s => b.Engine.MaxPool(b.Input, options, b.Output, s)),
            new BenchCase<T>(id, "max_pool2d+int64", peer.WithIndices(), x, y, b => s => b.Engine.MaxPoolWithIndices(b.Input, options, b.Output, b.Indices, s)),
            new BenchCase<T>(id, "max_pool2d+compact", peer.WithIndices(), x, y, b =>
            {
                var indices = Compact(b);
                return s => b.Engine.MaxPool(b.Input, options, b.Output, indices, s);
            }),
            new BenchCase<T>(id, "max_pool2d_backward+int64", peer.Gradient(), x, y, b =>
            {
                b.Engine.MaxPoolWithIndices(b.Input, options, b.Output, b.Indices);
                return s => b.Engine.MaxPoolBackward(b.GradOutput, b.Indices, options, b.GradInput, s);
            }),
            new BenchCase<T>(id, "max_pool2d_backward+compact", peer.Gradient(), x, y, b =>
            {
                var indices = Compact(b);
                b.Engine.MaxPool(b.Input, options, b.Output, indices);
                return s => b.Engine.MaxPoolBackward(b.GradOutput, indices, b.GradInput, s);
            }),
        ];
    }
}
