using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The canonical CNN pooling workloads (forward, fp32, NCHW): ResNet-50 stem and head, VGG, an
/// Inception branch and torchvision's adaptive heads, at a chosen size.
/// </summary>
internal static class Workloads
{
    /// <summary>The workloads, each at its canonical (N, C), or at N = 1 with fewer channels where needed on the CPU accelerator.</summary>
    /// <param name="batch">N for every workload; null: canonical on a GPU, 1 on the CPU accelerator.</param>
    /// <param name="emulated">
    /// True on the CPU accelerator. There global pooling, one group per plane with barriers, took
    /// 3.1 s (avg) and 1.6 s (max) for 2048 planes of 7x7: 256 channels keep the demo short.
    /// </param>
    internal static IReadOnlyList<Workload> Create(long? batch, bool emulated)
    {
        long N(long canonical) => batch ?? (emulated ? 1 : canonical);
        TensorShape Shape(WorkloadShape workload, long? channelsOnCpu = null)
        {
            var c = workload.Canonical;
            return new TensorShape(N(c.N), emulated && channelsOnCpu is { } channels ? channels : c.C, c.H, c.W);
        }

        var stem = Canonical.StemPool;
        var vgg = Canonical.VggPool;
        var inception = Canonical.InceptionPool;
        var stemInput = Shape(Canonical.Stem);
        var vggInput = Shape(Canonical.Vgg);
        var inceptionInput = Shape(Canonical.Inception);
        var headInput = Shape(Canonical.Head, channelsOnCpu: 256);
        var adaptiveInput = Shape(Canonical.Adaptive);

        return
        [
            new("stem", "MaxPool2d", "k3 s2 p1", stemInput, stem.OutputShape(stemInput), false,
                (e, x, y, _) => e.MaxPool(x, stem, y)),
            new("stem", "MaxPool2dWithIndices", "k3 s2 p1", stemInput, stem.OutputShape(stemInput), true,
                (e, x, y, i) => e.MaxPoolWithIndices(x, stem, y, i!)),
            new("vgg", "MaxPool2d", "k2 s2", vggInput, vgg.OutputShape(vggInput), false,
                (e, x, y, _) => e.MaxPool(x, vgg, y)),
            new("incep", "AvgPool2d", "k3 s1 p1 count_include_pad=False", inceptionInput, inception.OutputShape(inceptionInput), false,
                (e, x, y, _) => e.AvgPool(x, inception, y)),
            new("gap", "GlobalAvgPool2d", "-", headInput, headInput.WithSpatial(1, 1), false,
                (e, x, y, _) => e.GlobalAvgPool2d(x, y)),
            new("gmp", "GlobalMaxPool2d", "-", headInput, headInput.WithSpatial(1, 1), false,
                (e, x, y, _) => e.GlobalMaxPool2d(x, y)),
            new("adapt", "AdaptiveAvgPool2d", "-> 7x7", adaptiveInput, adaptiveInput.WithSpatial(7, 7), false,
                (e, x, y, _) => e.AdaptiveAvgPool2d(x, 7, y)),
            new("adapt", "AdaptiveMaxPool2d", "-> 7x7", adaptiveInput, adaptiveInput.WithSpatial(7, 7), false,
                (e, x, y, _) => e.AdaptiveMaxPool2d(x, 7, y)),
        ];
    }
}
