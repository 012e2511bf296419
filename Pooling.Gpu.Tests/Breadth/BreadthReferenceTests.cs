using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every breadth op on the whole case grid, in every element type and layout, against the float64
/// reference: forward into poisoned buffers (max exact in values and indices, the others within
/// the type's tolerance), backward from every index form, the allocating form, compact indices,
/// determinism, and channels-last against channels-first bit for bit.
/// </summary>
public sealed class BreadthReferenceTests
{
    private static IEnumerable<TestCaseData> All => BreadthCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Base => BreadthCases.Base.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Max => BreadthCases.Base.Where(c => c.Op.IsMax).Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> ChannelsLast =>
        BreadthCases.Variant.Where(c => c.Layout == TensorLayout.ChannelsLast).Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(All))]
    public void MatchesReference(BreadthCase c) => BreadthChecks.AgainstReference(c, TestEngine.Instance);

    [TestCaseSource(nameof(Base))]
    public void AllocatingFormGivesTheSameValuesAndBackwardIsDeterministic(BreadthCase c) => BreadthChecks.AllocatingFormAndDeterminism(c, TestEngine.Instance);

    [TestCaseSource(nameof(Max))]
    public void CompactIndicesConvertToPyTorchsFormAndGiveTheSameGradient(BreadthCase c) => BreadthChecks.CompactIndices(c, TestEngine.Instance);

    [TestCaseSource(nameof(ChannelsLast))]
    public void ChannelsLastGivesTheChannelsFirstBits(BreadthCase c)
    {
        var engine = TestEngine.Instance;
        var first = c with { Layout = TensorLayout.ChannelsFirst };
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (lastValues, lastIndices) = c.Run(engine, x, output);
        var (firstValues, firstIndices) = first.Run(engine, x, output);
        Assert.That(BreadthChecks.Bits(lastValues), Is.EqualTo(BreadthChecks.Bits(firstValues)).AsCollection, "same windows, same order, same bits");
        Assert.That(lastIndices, Is.EqualTo(firstIndices));

        var g = c.GradOutput(output);
        var form = c.Op.BackwardForms[^1];
        Assert.That(BreadthChecks.Bits(c.RunBackward(engine, x, g, output, form)), Is.EqualTo(BreadthChecks.Bits(first.RunBackward(engine, x, g, output, form))).AsCollection, "backward");
    }

    [Test]
    public void GridCoversTheEdgesItClaims()
    {
        var all = BreadthCases.Base;
        Assert.Multiple(() =>
        {
            foreach (string op in new[] { "max_pool1d", "max_pool3d", "avg_pool1d", "avg_pool3d", "adaptive_max_pool1d", "adaptive_avg_pool3d", "lp_pool1d", "lp_pool2d", "lp_pool3d", "max_unpool1d", "max_unpool2d", "max_unpool3d" })
            {
                var cases = all.Where(c => c.Op.Name.StartsWith(op, StringComparison.Ordinal)).ToList();
                Assert.That(cases.Any(c => c.Shape.N == 0), $"{op}: N = 0");
                Assert.That(cases.Any(c => !c.Shape.IsBatched || c.Shape.N == 1), $"{op}: one sample");
                Assert.That(cases.Any(c => c.Shape.C == 1 || c.Shape.PlaneLength == 1 || c.Shape.H == 1 && c.Shape.SpatialRank > 1 || c.Shape.D == 1 && c.Shape.SpatialRank == 3), $"{op}: a size of 1");
            }

            Assert.That(all.Any(c => c.Op is MaxPoolOp && c.Reference(c.Input()).Indices.Contains(-1)), "a max window with no input position");
            Assert.That(all.Any(c => c.Op is MaxPoolOp { WithinTorch113PaddingRule: false }), "padding within the effective-kernel rule only");
            Assert.That(all.Any(c => c.Op is MaxPoolOp or AdaptiveOp { Max: true } && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices");
            Assert.That(all.Any(c => c.Op is UnpoolOp u && u.InputIndices(c.Shape)!.GroupBy(i => i).Any(g => g.Count() > 1)), "duplicate unpooling indices");
            Assert.That(BreadthCases.Variant.Select(c => (c.Element, c.Layout)).Distinct().Count(), Is.EqualTo(7), "every other type and layout");
        });
    }
}
