using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The fuzz generator gives the same cases for a seed, and CI's cases (the default seed and
/// budget) cover the edges each table of draws is written to reach.
/// </summary>
[Category("Fuzz")]
public sealed class FuzzGeneratorTests
{
    [Test]
    public void TheGeneratorIsReproducible() =>
        Assert.That(
            FuzzCaseGenerator.Generate(FuzzSettings.DefaultSeed, FuzzSettings.CiCases).Select(f => f.Id),
            Is.EqualTo(FuzzCaseGenerator.Generate(FuzzSettings.DefaultSeed, FuzzSettings.CiCases).Select(f => f.Id)));

    [Test]
    public void ThePlaneTableCoversTheEdges()
    {
        var cases = Table(FuzzCaseGenerator.Planes);
        Assert.Multiple(() =>
        {
            foreach (var element in Enum.GetValues<ElementType>())
            {
                Assert.That(cases.Count(c => c.Element == element && c.Name != c.BaseName), Is.GreaterThan(5), $"{element}");
            }

            Assert.That(cases.Count(c => c.Layout == TensorLayout.ChannelsLast), Is.GreaterThan(20), "channels-last");
            Assert.That(cases.Count(c => c.Name == c.BaseName), Is.GreaterThan(150), "float32 channels-first, max gradients checked bit for bit against PyTorch");
            foreach (var op in cases.GroupBy(c => c.Op.TorchOp))
            {
                Assert.That(op.Count(), Is.GreaterThan(10), op.Key);
            }

            Assert.That(cases.Select(c => c.Op.TorchOp).Distinct().Count(), Is.EqualTo(6), "max, avg, adaptive max and avg, global max and avg");
            Assert.That(cases.Any(c => c.Shape.N == 0), "N = 0");
            Assert.That(cases.Any(c => !c.Shape.IsBatched), "unbatched");
            Assert.That(cases.Any(c => c.Shape.C == 1), "C = 1");
            Assert.That(cases.Any(c => c.Shape.H == 1 && c.Op is MaxPoolOp) && cases.Any(c => c.Shape.W == 1 && c.Op is AvgPoolOp), "H or W = 1");
            Assert.That(cases.Any(c => c.Op is MaxPoolOp { Axes: (_, var h, var w) } && h.Kernel != w.Kernel && h.Dilation != w.Dilation), "non-square dilated kernels");
            Assert.That(cases.Any(c => c.Op is AvgPoolOp { DivisorOverride: < 0, CountIncludePad: false, CeilMode: true }), "negative divisor override in ceil mode");
            Assert.That(cases.Any(c => c.Op is AdaptiveOp a && a.OutputSize.Height > c.Shape.H), "adaptive outputs larger than the input");
            Assert.That(cases.Any(c => c.Op is GlobalOp { Max: true } && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices of global max pooling");
            Assert.That(cases.Any(c => c.Op is MaxPoolOp && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices of max_pool2d");
            Assert.That(cases.Count(c => !c.Op.TorchCanAnswer(c.Reference(c.Input()))), Is.GreaterThan(0), "windows with no input position, judged by the reference only");
        });
    }

    [Test]
    public void TheOtherTableCoversTheEdges()
    {
        var cases = Table(FuzzCaseGenerator.Others);
        Assert.Multiple(() =>
        {
            foreach (string op in new[]
            {
                OracleOp.MaxPool1d, OracleOp.MaxPool3d, OracleOp.AvgPool1d, OracleOp.AvgPool3d, OracleOp.AdaptiveMaxPool1d, OracleOp.AdaptiveAvgPool1d,
                OracleOp.AdaptiveMaxPool3d, OracleOp.AdaptiveAvgPool3d, OracleOp.LPPool1d, OracleOp.LPPool2d, OracleOp.LPPool3d, OracleOp.MaxUnpool1d,
                OracleOp.MaxUnpool2d, OracleOp.MaxUnpool3d,
            })
            {
                Assert.That(cases.Count(c => c.Op.TorchOp == op), Is.GreaterThan(10), op);
            }

            foreach (var element in Enum.GetValues<ElementType>())
            {
                Assert.That(cases.Count(c => c.Element == element && c.Name != c.BaseName), Is.GreaterThan(5), $"{element}");
            }

            Assert.That(cases.Count(c => c.Layout == TensorLayout.ChannelsLast), Is.GreaterThan(40), "channels-last");
            foreach (int rank in new[] { 1, 2, 3 })
            {
                var ofRank = cases.Where(c => c.Shape.SpatialRank == rank).ToList();
                Assert.That(ofRank.Any(c => c.Shape.N == 0 && c.Shape.IsBatched), $"{rank}D: N = 0");
                Assert.That(ofRank.Any(c => !c.Shape.IsBatched), $"{rank}D: unbatched");
                Assert.That(ofRank.Any(c => c.Shape.C == 1), $"{rank}D: C = 1");
                Assert.That(ofRank.Any(c => c.Shape.W == 1), $"{rank}D: a size of 1");
            }

            Assert.That(cases.Any(c => c.Op is MaxPoolOp { Options: MaxPool3dOptions v } && v.KernelSize.Depth != v.KernelSize.Width && v.Dilation != 1), "non-cubic dilated 3D windows");
            Assert.That(cases.Any(c => c.Op is AvgPoolOp { Options: AvgPool3dOptions { DivisorOverride: < 0 } }), "negative divisor override in 3D");
            Assert.That(cases.Any(c => c.Op is MaxPoolOp && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices of max_pool1d/3d");
            Assert.That(cases.Any(c => c.Op is AdaptiveOp { Max: true } && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices of adaptive max pooling");
            Assert.That(cases.Any(c => c.Op is AdaptiveOp a && a.OutputSize.Width > c.Shape.W), "adaptive outputs larger than the input");
            Assert.That(cases.Any(c => c.Op is LpPoolOp { P: < 1 }), "lp_pool exponents below 1");
            Assert.That(cases.Any(c => c.Op is UnpoolOp { Duplicates: true }) && cases.Any(c => c.Op is UnpoolOp { HasOutputSize: true }), "unpooling duplicates and explicit output sizes");
            Assert.That(cases.Any(c => c.Op is MaxPoolOp { WithinTorch113PaddingRule: true } && !c.Op.TorchCanAnswer(c.Reference(c.Input()))), "max windows with no input position, judged by the reference only");
        });
    }

    /// <summary>CI's cases of one table.</summary>
    private static List<PoolCase> Table(FuzzTable table) =>
        [.. FuzzCaseGenerator.Generate(FuzzSettings.DefaultSeed, FuzzSettings.CiCases).Where(f => f.Table == table.Name).Select(f => f.Case)];
}
