using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every layer type once, with options that pad, stride or overlap, on small inputs (the CPU
/// accelerator emulates every launch); max layers on data with ties, NaN and -inf.
/// </summary>
public static class LayerCases
{
    private static readonly TensorShape Plane = new(2, 3, 9, 11);
    private static readonly TensorShape OtherPlane = new(1, 2, 7, 8);
    private static readonly TensorShape Line = TensorShape.Of1d(2, 3, 11);
    private static readonly TensorShape OtherLine = TensorShape.Of1d(1, 2, 9);
    private static readonly TensorShape Volume = TensorShape.Of3d(1, 2, 5, 6, 7);
    private static readonly TensorShape OtherVolume = TensorShape.Of3d(1, 1, 4, 5, 6);

    public static IReadOnlyList<LayerCase> All { get; } =
    [
        .. Planes(),
        .. Lines(),
        .. Volumes(),
        LayerCase.Of(
            e => new MaxUnpool2d<float>(e, new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 }),
            UnpoolOp.Of(new TensorShape(2, 3, 9, 11), new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 }),
            UnpoolOp.Of(new TensorShape(1, 2, 7, 7), new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 })),
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
    }
}
