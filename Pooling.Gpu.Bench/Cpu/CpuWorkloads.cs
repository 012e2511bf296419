using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>A workload of the <c>cpu</c> command: a bench case, and whether it times a call's latency rather than bandwidth.</summary>
/// <param name="Case">The op on its input: our call, PyTorch's peer, the shapes.</param>
/// <param name="Params">The window, as the tables print it.</param>
/// <param name="Latency">A call too small to move bytes that count: no copy ceiling.</param>
internal sealed record CpuWorkload(BenchCase Case, string Params, bool Latency = false);

/// <summary>
/// The canonical CPU workloads (fp32, NCHW), sized for a CPU: the canonical
/// windows on fewer planes, each op forward and backward. Backward cases touch every buffer in
/// their setup, so that the gradient of the output exists before PyTorch is given it.
/// </summary>
internal static class CpuWorkloads
{
    /// <summary>The workloads; <paramref name="tiny"/>: at most 4 planes each, for a pipeline check in seconds.</summary>
    internal static IReadOnlyList<CpuWorkload> All(bool tiny)
    {
        TensorShape Shape(long n, long c, long h, long w) => tiny ? new(1, Math.Min(c, 4), h, w) : new(n, c, h, w);
        var stem = Shape(8, 64, 112, 112);
        var stemPool = Canonical.StemPool;
        var stemOut = stemPool.OutputShape(stem);
        var stemPeer = TorchPeer.MaxPool(stemPool);
        var vgg = Shape(16, 128, 56, 56);
        var vggPool = Canonical.VggPool;
        var incep = Shape(16, 192, 28, 28);
        var avg = Canonical.InceptionPool;
        var avgPeer = TorchPeer.AvgPool(avg);
        var gap = Shape(32, 2048, 7, 7);
        var gapOut = gap.WithSpatial(1, 1);
        var gapPeer = TorchPeer.Global("global_avg_pool2d");
        var adapt = Shape(16, 512, 15, 15);
        var size = Canonical.AdaptiveOutput;
        var adaptOut = adapt.WithSpatial(size.Height, size.Width);
        var adaptiveAvg = TorchPeer.Adaptive("adaptive_avg_pool2d", size);
        var adaptiveMax = TorchPeer.Adaptive("adaptive_max_pool2d", size);
        var latency = new TensorShape(1, 1, 4, 4);
        const string StemWindow = "k3 s2 p1";
        const string AvgWindow = "k3 s1 p1, no pad count";
        const string AdaptiveWindow = "-> 7x7";
        return
        [
            new(new BenchCase<float>(Canonical.Stem.Id, "max_pool2d", stemPeer, stem, stemOut, b => s => b.Engine.MaxPool(b.Input, stemPool, b.Output, s)), StemWindow),
            new(new BenchCase<float>(Canonical.Stem.Id, "max_pool2d+int64", stemPeer.WithIndices(), stem, stemOut, b => s => b.Engine.MaxPoolWithIndices(b.Input, stemPool, b.Output, b.Indices, s)), StemWindow),
            new(new BenchCase<float>(Canonical.Stem.Id, "max_pool2d_backward+compact", stemPeer.Gradient(), stem, stemOut, b =>
            {
                var (gradOutput, gradInput, indices) = (b.GradOutput, b.GradInput, b.Compact(e => e.AllocateMaxPoolIndices(stem, stemPool)));
                b.Engine.MaxPool(b.Input, stemPool, b.Output, indices);
                return s => b.Engine.MaxPoolBackward(gradOutput, indices, gradInput, s);
            }), StemWindow),
            new(new BenchCase<float>(Canonical.Vgg.Id, "max_pool2d", TorchPeer.MaxPool(vggPool), vgg, vggPool.OutputShape(vgg), b => s => b.Engine.MaxPool(b.Input, vggPool, b.Output, s)), "k2 s2"),
            new(new BenchCase<float>(Canonical.Inception.Id, "avg_pool2d", avgPeer, incep, avg.OutputShape(incep), b => s => b.Engine.AvgPool(b.Input, avg, b.Output, s)), AvgWindow),
            new(new BenchCase<float>(Canonical.Inception.Id, "avg_pool2d_backward", avgPeer.Gradient(), incep, avg.OutputShape(incep), b =>
            {
                var (gradOutput, gradInput) = (b.GradOutput, b.GradInput);
                return s => b.Engine.AvgPoolBackward(gradOutput, avg, gradInput, s);
            }), AvgWindow),
            new(new BenchCase<float>(Canonical.Head.Id, "global_avg_pool2d", gapPeer, gap, gapOut, b => s => b.Engine.GlobalAvgPool2d(b.Input, b.Output, s)), "global"),
            new(new BenchCase<float>(Canonical.Head.Id, "global_avg_pool2d_backward", gapPeer.Gradient(), gap, gapOut, b =>
            {
                var (gradOutput, gradInput) = (b.GradOutput, b.GradInput);
                return s => b.Engine.GlobalAvgPool2dBackward(gradOutput, gradInput, s);
            }), "global"),
            new(new BenchCase<float>(Canonical.Adaptive.Id, "adaptive_avg_pool2d", adaptiveAvg, adapt, adaptOut, b => s => b.Engine.AdaptiveAvgPool2d(b.Input, size, b.Output, s)), AdaptiveWindow),
            new(new BenchCase<float>(Canonical.Adaptive.Id, "adaptive_avg_pool2d_backward", adaptiveAvg.Gradient(), adapt, adaptOut, b =>
            {
                var (gradOutput, gradInput) = (b.GradOutput, b.GradInput);
                return s => b.Engine.AdaptiveAvgPool2dBackward(gradOutput, gradInput, s);
            }), AdaptiveWindow),
            new(new BenchCase<float>(Canonical.Adaptive.Id, "adaptive_max_pool2d", adaptiveMax, adapt, adaptOut, b => s => b.Engine.AdaptiveMaxPool2d(b.Input, size, b.Output, s)), AdaptiveWindow),
            new(new BenchCase<float>(Canonical.Adaptive.Id, "adaptive_max_pool2d_backward+compact", adaptiveMax.Gradient(), adapt, adaptOut, b =>
            {
                var (gradOutput, gradInput, indices) = (b.GradOutput, b.GradInput, b.Compact(e => e.AllocateAdaptiveMaxPoolIndices(adapt, size)));
                b.Engine.AdaptiveMaxPool2d(b.Input, size, b.Output, indices);
                return s => b.Engine.MaxPoolBackward(gradOutput, indices, gradInput, s);
            }), AdaptiveWindow),
            new(new BenchCase<float>("tiny", "max_pool2d", TorchPeer.MaxPool(vggPool), latency, vggPool.OutputShape(latency), b => s => b.Engine.MaxPool(b.Input, vggPool, b.Output, s)), "k2 s2", Latency: true),
        ];
    }
}
