namespace Pooling.Gpu.Bench.Cases;

/// <summary>A canonical workload's input: its id and its shape at each <see cref="Scale"/>.</summary>
internal sealed record WorkloadShape(string Id, TensorShape Canonical, TensorShape OnCpu, TensorShape Tiny)
{
    internal TensorShape At(Scale scale) => scale switch
    {
        Scale.Canonical => Canonical,
        Scale.Cpu => OnCpu,
        _ => Tiny,
    };

    /// <summary>The shape at <paramref name="scale"/> in <paramref name="layout"/>.</summary>
    internal TensorShape At(Scale scale, TensorLayout layout) => At(scale).WithLayout(layout);

    /// <summary>The id of the workload in <paramref name="layout"/>: <see cref="Id"/>, with <c>-nhwc</c> for channels-last.</summary>
    internal string IdIn(TensorLayout layout) => layout == TensorLayout.ChannelsLast ? $"{Id}-nhwc" : Id;
}

/// <summary>
/// The canonical workloads (NCHW), and realistic ones for the 1D, 3D,
/// unpooling and power-average ops: the shapes and options that the demo, the benchmarks, the
/// smoke job and the GPU comparison use. The smaller scales keep each plane's H x W (a line's
/// length), so that windows, edges and padding stay those of the real workload, and cut N and C
/// (and a volume's D at tiny scale).
/// </summary>
internal static class Canonical
{
    /// <summary>ResNet-50's stem: max pool k3 s2 p1.</summary>
    internal static readonly WorkloadShape Stem = new("stem", new(256, 64, 112, 112), new(1, 16, 112, 112), new(1, 2, 112, 112));

    /// <summary>VGG's 2x2 max pool.</summary>
    internal static readonly WorkloadShape Vgg = new("vgg", new(64, 64, 224, 224), new(1, 4, 224, 224), new(1, 1, 224, 224));

    /// <summary>An Inception branch: avg pool k3 s1 p1, count_include_pad=False.</summary>
    internal static readonly WorkloadShape Inception = new("incep", new(128, 192, 35, 35), new(1, 64, 35, 35), new(1, 4, 35, 35));

    /// <summary>ResNet-50's head: global pooling of 7x7 planes.</summary>
    internal static readonly WorkloadShape Head = new("gap", new(256, 2048, 7, 7), new(1, 64, 7, 7), new(1, 8, 7, 7));

    /// <summary>torchvision's adaptive heads: 15x15 to 7x7, overlapping windows.</summary>
    internal static readonly WorkloadShape Adaptive = new("adapt", new(256, 512, 15, 15), new(1, 128, 15, 15), new(1, 8, 15, 15));

    /// <summary>One small image, for the host overhead of a call (stem options).</summary>
    internal static readonly WorkloadShape Tiny = new("tiny", new(1, 64, 56, 56), new(1, 64, 56, 56), new(1, 4, 56, 56));

    /// <summary>A 3D ResNet's stem on 16-frame clips: max pool k3 s2 p1 (as many bytes as the 2D stem).</summary>
    internal static readonly WorkloadShape Video = new("video", TensorShape.Of3d(16, 64, 16, 112, 112), TensorShape.Of3d(1, 1, 16, 112, 112), TensorShape.Of3d(1, 1, 4, 112, 112));

    /// <summary>A 3D ResNet's head: global average pooling of 2x7x7 volumes.</summary>
    internal static readonly WorkloadShape VideoHead = new("vhead", TensorShape.Of3d(16, 512, 2, 7, 7), TensorShape.Of3d(1, 64, 2, 7, 7), TensorShape.Of3d(1, 8, 2, 7, 7));

    /// <summary>An audio net on raw waveforms (M5: 128 channels at 8000 steps): max pool k4.</summary>
    internal static readonly WorkloadShape Audio = new("audio", TensorShape.Of1d(128, 128, 8000), TensorShape.Of1d(1, 8, 8000), TensorShape.Of1d(1, 2, 8000));

    /// <summary>SegNet's decoder: max unpooling of VGG's 2x2 pooling, 112x112 back to 224x224.</summary>
    internal static readonly WorkloadShape SegNet = new("segnet", new(64, 64, 112, 112), new(1, 4, 112, 112), new(1, 1, 112, 112));

    /// <summary>L2 pooling (lp_pool2d, p = 2) of VGG's shape, k2.</summary>
    internal static readonly WorkloadShape L2 = new("l2", Vgg.Canonical, Vgg.OnCpu, Vgg.Tiny);

    internal static readonly MaxPool2dOptions StemPool = new(3) { Stride = 2, Padding = 1 };

    internal static readonly MaxPool3dOptions VideoPool = new(3) { Stride = 2, Padding = 1 };

    internal static readonly MaxPool1dOptions AudioPool = new(4);

    internal static readonly MaxUnpool2dOptions SegNetUnpool = new(2);

    internal static readonly LPPool2dOptions L2Pool = new(2, 2);

    internal static readonly MaxPool2dOptions VggPool = new(2);

    internal static readonly AvgPool2dOptions InceptionPool = new(3) { Stride = 1, Padding = 1, CountIncludePad = false };

    internal static readonly Size2 AdaptiveOutput = 7;
}
