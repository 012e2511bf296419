using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every op on the whole case grid, in every element type and layout, against the float64
/// reference: forward into poisoned buffers (max exact in values and indices, the others within
/// the type's tolerance), backward from every index form, the allocating form, compact indices,
/// determinism, the options' output shape, and each variant's two layouts against each other.
/// </summary>
public sealed class GridReferenceTests
{
    private static IEnumerable<TestCaseData> All => GridCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Base => GridCases.Base.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Max => GridCases.Base.Where(c => c.Op.IsMax).Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Variant => GridCases.Variant.Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(All))]
    public void MatchesReference(PoolCase c) => PoolChecks.AgainstReference(c, TestEngine.Instance);

    [TestCaseSource(nameof(Base))]
    public void AllocatingFormGivesTheSameValuesAndBackwardIsDeterministic(PoolCase c) => PoolChecks.AllocatingFormAndDeterminism(c, TestEngine.Instance);

    [TestCaseSource(nameof(Max))]
    public void CompactIndicesConvertToPyTorchsFormAndGiveTheSameGradient(PoolCase c) => PoolChecks.CompactIndices(c, TestEngine.Instance);

    /// <summary>A variant's type in the other layout: the same windows in the same order, so the same bits (a global average adds a plane in another order).</summary>
    [TestCaseSource(nameof(Variant))]
    public void ChannelsLastGivesTheChannelsFirstResults(PoolCase c)
    {
        var engine = TestEngine.Instance;
        var (first, last) = (c with { Layout = TensorLayout.ChannelsFirst }, c with { Layout = TensorLayout.ChannelsLast });
        var x = c.Input();
        var reference = c.Reference(x);
        var (firstValues, firstIndices) = first.Run(engine, x, reference.Shape);
        var (lastValues, lastIndices) = last.Run(engine, x, reference.Shape);
        Assert.That(lastIndices, Is.EqualTo(firstIndices));
        if (c.Op.LayoutsGiveTheSameBits)
        {
            Assert.That(PoolChecks.Bits(lastValues), Is.EqualTo(PoolChecks.Bits(firstValues)).AsCollection, "same windows, same order, same bits");
        }
        else
        {
            VariantExpect.Close(lastValues, firstValues, reference.Magnitudes, c.Element, "the other order", roundings: 2);
        }

        var g = c.GradOutput(reference.Shape);
        var form = c.Op.BackwardForms[^1];
        Assert.That(PoolChecks.Bits(last.RunBackward(engine, x, g, reference.Shape, form)), Is.EqualTo(PoolChecks.Bits(first.RunBackward(engine, x, g, reference.Shape, form))).AsCollection, "backward");
    }

    [Test]
    public void OutputShapeOfTheOptionsAgreesWithTheReference()
    {
        var cases = GridCases.Base.Where(c => c.Op.OptionsOutputShape(c.Shape) is not null).ToList();
        Assert.That(cases.Select(c => c.Op.TorchOp).Distinct().Count(), Is.EqualTo(12), "max, avg, lp pooling and unpooling in 1D, 2D and 3D");
        foreach (var c in cases)
        {
            Assert.That(c.Op.OptionsOutputShape(c.Shape), Is.EqualTo(c.Reference(c.Input()).Shape), c.Name);
        }
    }

    [Test]
    public void GridCoversTheEdgesItClaims()
    {
        var all = GridCases.Base;
        Assert.Multiple(() =>
        {
            foreach (var cases in all.GroupBy(c => c.Op.TorchOp))
            {
                Assert.That(cases.Any(c => c.Shape.N == 0), $"{cases.Key}: N = 0");
                Assert.That(cases.Any(c => !c.Shape.IsBatched || c.Shape.N == 1), $"{cases.Key}: one sample");
                Assert.That(cases.Any(c => c.Shape.C == 1 || c.Shape.PlaneLength == 1 || c.Shape.H == 1 && c.Shape.SpatialRank > 1 || c.Shape.D == 1 && c.Shape.SpatialRank == 3), $"{cases.Key}: a size of 1");
            }

            var planes = PlaneCases.All.ToList();
            Assert.That(planes.Any(c => c.Shape.H == 1) && planes.Any(c => c.Shape.W == 1), "2D: H or W = 1");
            Assert.That(planes.Any(c => !c.Shape.IsBatched), "2D: unbatched");
            Assert.That(planes.Any(c => c.Op is MaxPoolOp { CeilMode: true } m && CeilDropsLastWindow(c.Shape.H, m.Axes.H)), "2D: the ceil-mode edge");
            Assert.That(planes.Any(c => c.Op is MaxPoolOp m && m.Axes.H.Dilation == 2 && m.Axes.H.Padding > 0), "2D: dilation with padding");
            Assert.That(planes.Any(c => c.Op is MaxPoolOp && c.Reference(c.Input()).Indices.Contains(-1)), "2D: a max window with no input position");
            Assert.That(all.Any(c => c.Op is MaxPoolOp { SpatialRank: not 2 } && c.Reference(c.Input()).Indices.Contains(-1)), "1D, 3D: a max window with no input position");
            Assert.That(all.Any(c => c.Op is MaxPoolOp { WithinTorch113PaddingRule: false }), "padding within the effective-kernel rule only");
            Assert.That(all.Any(c => c.Op is MaxPoolOp or AdaptiveOp { Max: true } && c.Op.WindowPositions(c.Shape) > 256), "4-byte compact indices");
            Assert.That(all.Any(c => c.Op is UnpoolOp u && u.InputIndices(c.Shape)!.GroupBy(i => i).Any(g => g.Count() > 1)), "duplicate unpooling indices");
            Assert.That(GridCases.Variant.Select(c => (c.Element, c.Layout)).Distinct().Count(), Is.EqualTo(7), "every other type and layout");
        });
    }

    /// <summary>Whether ceil mode drops the last window that the formula gives, as it starts in the right padding.</summary>
    private static bool CeilDropsLastWindow(long input, Axis a) =>
        a.OutputSize(input, ceil: true) < (long)Math.Floor((double)(input + 2 * a.Padding - a.Dilation * (a.Kernel - 1) - 1 + a.Stride - 1) / a.Stride) + 1;
}
