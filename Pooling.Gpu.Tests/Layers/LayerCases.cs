using System.Collections.Concurrent;
using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every layer type once, with options that pad, stride or overlap, on small inputs (the CPU
/// accelerator emulates every launch); max layers on data with ties, NaN and -inf. Fractional
/// max pooling layers are given samples here (PyTorch's <c>_random_samples</c>), so that every
/// call pools over the same windows; FractionalLayerTests has the windows each call draws.
/// </summary>
public static class LayerCases
{
    private static readonly TensorShape Plane = new(2, 3, 9, 11);
    private static readonly TensorShape OtherPlane = new(1, 2, 7, 8);
    private static readonly TensorShape Line = TensorShape.Of1d(2, 3, 11);
    private static readonly TensorShape OtherLine = TensorShape.Of1d(1, 2, 9);
    private static readonly TensorShape Volume = TensorShape.Of3d(1, 2, 5, 6, 7);
    private static readonly TensorShape OtherVolume = TensorShape.Of3d(1, 1, 4, 5, 6);

    /// <summary>The samples the fractional layers are given, on the engine, once per case for the test run.</summary>
    private static readonly ConcurrentDictionary<(PoolingEngine, string), DeviceTensor<float>> Samples = new();

    public static IReadOnlyList<LayerCase> All { get; } =
    [
        .. Planes(),
        .. Lines(),
        .. Volumes(),
        .. Unpooling(),
        .. Fractional(),
    ];

    /// <summary>The cases whose layer can take its own output as input: one layer object in two places of a chain.</summary>
    public static IEnumerable<LayerCase> Chaining => All.Where(c => c.Chains);

    /// <summary>The cases as NUnit test cases, named.</summary>
    public static IEnumerable<TestCaseData> Data(IEnumerable<LayerCase> cases) => cases.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<LayerCase> Planes()
    {
        var max = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
        var avg = new AvgPool2dOptions(3) { Stride = 1, Padding = 1, CountIncludePad = false };
        var lp = new LPPool2dOptions(2, 3) { Stride = 2 };
        yield return LayerCase.Of(e => new MaxPool2d<float>(e, max), MaxPoolOp.Of(max), Plane, OtherPlane, DataKind.Special);
        yield return LayerCase.Of(e => new AvgPool2d<float>(e, avg), AvgPoolOp.Of(avg), Plane, OtherPlane, DataKind.Random);
        yield return LayerCase.Of(e => new AdaptiveMaxPool2d<float>(e, (4, 5)), AdaptiveOp.Of2d(true, (4, 5)), Plane, OtherPlane, DataKind.Ties);
        yield return LayerCase.Of(e => new AdaptiveAvgPool2d<float>(e, (4, 5)), AdaptiveOp.Of2d(false, (4, 5)), Plane, OtherPlane, DataKind.Random);
        yield return LayerCase.Of(e => new AdaptiveAvgPool2d<float>(e, (null, 5)), AdaptiveOp.Of2d(false, (null, 5)), Plane, OtherPlane, DataKind.Random);
        yield return LayerCase.Of(e => new GlobalMaxPool2d<float>(e), new GlobalOp(Max: true), Plane, OtherPlane, DataKind.Special);
        yield return LayerCase.Of(e => new GlobalAvgPool2d<float>(e), new GlobalOp(Max: false), Plane, OtherPlane, DataKind.Random);
        yield return LayerCase.Of(e => new LPPool2d<float>(e, lp), LpPoolOp.Of(lp), Plane, OtherPlane, DataKind.Random);
    }

    private static IEnumerable<LayerCase> Lines()
    {
        var max = new MaxPool1dOptions(3) { Stride = 2, Padding = 1 };
        var avg = new AvgPool1dOptions(3) { Stride = 2, Padding = 1, CeilMode = true };
        var lp = new LPPool1dOptions(2, 3) { Stride = 2 };
        yield return LayerCase.Of(e => new MaxPool1d<float>(e, max), MaxPoolOp.Of(max), Line, OtherLine, DataKind.Special);
        yield return LayerCase.Of(e => new AvgPool1d<float>(e, avg), AvgPoolOp.Of(avg), Line, OtherLine, DataKind.Random);
        yield return LayerCase.Of(e => new AdaptiveMaxPool1d<float>(e, 4), AdaptiveOp.Of1d(true, 4), Line, OtherLine, DataKind.Ties);
        yield return LayerCase.Of(e => new AdaptiveAvgPool1d<float>(e, 4), AdaptiveOp.Of1d(false, 4), Line, OtherLine, DataKind.Random);
        yield return LayerCase.Of(e => new LPPool1d<float>(e, lp), LpPoolOp.Of(lp), Line, OtherLine, DataKind.Random);
    }

    private static IEnumerable<LayerCase> Volumes()
    {
        var max = new MaxPool3dOptions(2) { Stride = 2, Padding = 1 };
        var avg = new AvgPool3dOptions(2) { Stride = 1, DivisorOverride = 3 };
        yield return LayerCase.Of(e => new MaxPool3d<float>(e, max), MaxPoolOp.Of(max), Volume, OtherVolume, DataKind.Special);
        yield return LayerCase.Of(e => new AvgPool3d<float>(e, avg), AvgPoolOp.Of(avg), Volume, OtherVolume, DataKind.Random);
        yield return LayerCase.Of(e => new AdaptiveMaxPool3d<float>(e, (2, 3, 3)), AdaptiveOp.Of3d(true, (2, 3, 3)), Volume, OtherVolume, DataKind.Ties);
        yield return LayerCase.Of(e => new AdaptiveAvgPool3d<float>(e, (2, 3, 3)), AdaptiveOp.Of3d(false, (2, 3, 3)), Volume, OtherVolume, DataKind.Random);
        var lp = new LPPool3dOptions(2, 2) { Stride = (1, 2, 1) };
        yield return LayerCase.Of(e => new LPPool3d<float>(e, lp), LpPoolOp.Of(lp), Volume, OtherVolume, DataKind.Random);
    }

    /// <summary>Each rank's unpooling of a max pooling with overlapping windows (indices repeat), whose sizes the default output size restores.</summary>
    private static IEnumerable<LayerCase> Unpooling()
    {
        var line = new MaxUnpool1dOptions(3) { Stride = 2, Padding = 1 };
        var plane = new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 };
        var volume = new MaxUnpool3dOptions(3) { Stride = 2, Padding = 1 };
        yield return LayerCase.Of(e => new MaxUnpool1d<float>(e, line), UnpoolOp.Of(Line, line), UnpoolOp.Of(OtherLine, line));
        yield return LayerCase.Of(e => new MaxUnpool2d<float>(e, plane), UnpoolOp.Of(Plane, plane), UnpoolOp.Of(new TensorShape(1, 2, 7, 7), plane));
        yield return LayerCase.Of(
            e => new MaxUnpool3d<float>(e, volume), UnpoolOp.Of(TensorShape.Of3d(1, 2, 5, 7, 9), volume), UnpoolOp.Of(TensorShape.Of3d(1, 1, 5, 5, 7), volume));
    }

    /// <summary>
    /// Fractional max pooling to a ratio of the input (so that the layer can pool its own output),
    /// over samples for the first shape's planes; the second shape has its C and a smaller N, as
    /// PyTorch's rules for samples ask.
    /// </summary>
    private static IEnumerable<LayerCase> Fractional()
    {
        var plane = new FractionalMaxPool2dOptions(2) { OutputRatio = 0.5 };
        var volume = new FractionalMaxPool3dOptions(2) { OutputRatio = 0.6 };
        var planeOp = WithSamples(FractionalOp.Of(plane, Plane), 2);
        var volumeOp = WithSamples(FractionalOp.Of(volume, TensorShape.Of3d(1, 2, 7, 8, 9)), 3);
        yield return LayerCase.Of(
            e => new FractionalMaxPool2d<float>(e, plane, UploadSamples(e, planeOp)), planeOp, Plane, new TensorShape(1, 3, 7, 8), DataKind.Special);
        yield return LayerCase.Of(
            e => new FractionalMaxPool3d<float>(e, volume, UploadSamples(e, volumeOp)), volumeOp, volumeOp.Input, TensorShape.Of3d(1, 2, 6, 7, 8), DataKind.Special);
    }

    /// <summary>The op over samples of its input's planes, seeded by its name.</summary>
    private static FractionalOp WithSamples(FractionalOp op, int rank) =>
        op.WithSamples(ReferenceFractional.Drawn((uint)TestData.SeedOf(op.Name), op.Input.Planes, rank), inDouble: false);

    private static DeviceTensor<float> UploadSamples(PoolingEngine engine, FractionalOp op) =>
        Samples.GetOrAdd((engine, op.Name), _ => engine.Upload<float>(
            [.. op.Given!.Select(v => (float)v)], TensorShape.Of1d(op.Input.N, op.Input.C, op.SpatialRank)));
}
