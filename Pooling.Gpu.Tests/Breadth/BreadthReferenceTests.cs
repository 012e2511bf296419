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
    public void MatchesReference(BreadthCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(engine, x, expected.Shape);
        if (c.Op.IsMax || c.Op is UnpoolOp)
        {
            VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name);
        }
        else
        {
            VariantExpect.Close(values, expected.Values, expected.Magnitudes, c.Element, c.Name);
        }

        var g = c.GradOutput(expected.Shape);
        var expectedGrad = c.ReferenceBackward(x, g);
        foreach (var form in c.Op.BackwardForms)
        {
            var actual = c.RunBackward(engine, x, g, expected.Shape, form);
            VariantExpect.Close(actual, expectedGrad.Values, c.Op.GradientScale(expectedGrad, c.Element), c.Element, $"{c.Name} backward ({form})");
        }
    }

    [TestCaseSource(nameof(Base))]
    public void AllocatingFormGivesTheSameValuesAndBackwardIsDeterministic(BreadthCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (values, _) = c.Run(engine, x, output);
        Assert.That(Bits(c.RunAllocating(engine, x, output)), Is.EqualTo(Bits(values)).AsCollection, "allocating form");

        var g = c.GradOutput(output);
        var form = c.Op.BackwardForms[^1];
        Assert.That(Bits(c.RunBackward(engine, x, g, output, form)), Is.EqualTo(Bits(c.RunBackward(engine, x, g, output, form))).AsCollection, "backward twice");
    }

    [TestCaseSource(nameof(Max))]
    public void CompactIndicesConvertToPyTorchsFormAndGiveTheSameGradient(BreadthCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices, bytes) = c.RunCompact(engine, x, expected.Shape);
        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name + " (compact forward)");
        Assert.That(bytes, Is.EqualTo(WindowPositions(c.Op, c.Shape) <= 256 ? 1 : 4), "bytes per compact index");

        var g = c.GradOutput(expected.Shape);
        Assert.That(
            Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Compact)),
            Is.EqualTo(Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Torch))).AsCollection);
    }

    [TestCaseSource(nameof(ChannelsLast))]
    public void ChannelsLastGivesTheChannelsFirstBits(BreadthCase c)
    {
        var engine = TestEngine.Instance;
        var first = c with { Layout = TensorLayout.ChannelsFirst };
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (lastValues, lastIndices) = c.Run(engine, x, output);
        var (firstValues, firstIndices) = first.Run(engine, x, output);
        Assert.That(Bits(lastValues), Is.EqualTo(Bits(firstValues)).AsCollection, "same windows, same order, same bits");
        Assert.That(lastIndices, Is.EqualTo(firstIndices));

        var g = c.GradOutput(output);
        var form = c.Op.BackwardForms[^1];
        Assert.That(Bits(c.RunBackward(engine, x, g, output, form)), Is.EqualTo(Bits(first.RunBackward(engine, x, g, output, form))).AsCollection, "backward");
    }

    [Test]
    public void GridCoversTheEdgesItClaims()
    {
        var all = BreadthCases.Base;
        Assert.Multiple(() =>
        {
            foreach (string op in new[] { "max_pool1d", "max_pool3d", "avg_pool1d", "avg_pool3d", "adaptive_max_pool1d", "adaptive_avg_pool3d", "lp_pool1d", "lp_pool2d", "max_unpool2d" })
            {
                var cases = all.Where(c => c.Op.Name.StartsWith(op, StringComparison.Ordinal)).ToList();
                Assert.That(cases.Any(c => c.Shape.N == 0), $"{op}: N = 0");
                Assert.That(cases.Any(c => !c.Shape.IsBatched || c.Shape.N == 1), $"{op}: one sample");
                Assert.That(cases.Any(c => c.Shape.C == 1 || c.Shape.PlaneLength == 1 || c.Shape.H == 1 && c.Shape.SpatialRank > 1 || c.Shape.D == 1 && c.Shape.SpatialRank == 3), $"{op}: a size of 1");
            }

            Assert.That(all.Any(c => c.Op is MaxPoolOp && c.Reference(c.Input()).Indices.Contains(-1)), "a max window with no input position");
            Assert.That(all.Any(c => c.Op is MaxPoolOp { WithinTorch113PaddingRule: false }), "padding within the effective-kernel rule only");
            Assert.That(all.Any(c => c.Op is MaxPoolOp op && WindowPositions(op, c.Shape) > 256) || all.Any(c => c.Op is AdaptiveOp { Max: true } a && WindowPositions(a, c.Shape) > 256), "4-byte compact indices");
            Assert.That(all.Any(c => c.Op is UnpoolOp u && u.InputIndices(c.Shape)!.GroupBy(i => i).Any(g => g.Count() > 1)), "duplicate unpooling indices");
            Assert.That(BreadthCases.Variant.Select(c => (c.Element, c.Layout)).Distinct().Count(), Is.EqualTo(7), "every other type and layout");
        });
    }

    /// <summary>The most positions a window of a max case can have, padding included.</summary>
    private static long WindowPositions(BreadthOp op, TensorShape input) => op switch
    {
        MaxPoolOp { Line: { } l } => l.KernelSize,
        MaxPoolOp { Volume: { } v } => (long)v.KernelSize.Depth * v.KernelSize.Height * v.KernelSize.Width,
        AdaptiveOp a => MaxSpan(input.D, a.OutputSize.Depth) * MaxSpan(input.H, a.OutputSize.Height) * MaxSpan(input.W, a.OutputSize.Width),
        _ => 0,
    };

    private static long MaxSpan(long size, long outputs) =>
        Enumerable.Range(0, (int)outputs).Max(i => (long)Math.Ceiling((double)(i + 1) * size / outputs) - (long)Math.Floor((double)i * size / outputs));

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
