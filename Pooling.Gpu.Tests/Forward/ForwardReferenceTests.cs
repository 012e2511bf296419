using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Every forward op on the whole case grid, against the float64 reference.</summary>
public sealed class ForwardReferenceTests
{
    private static IEnumerable<TestCaseData> Cases =>
        ForwardCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void MatchesReference(ForwardCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(engine, x, expected.Shape);
        if (c.IsMax)
        {
            Expect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name);
        }
        else
        {
            Expect.CloseAverages(values, expected.Values, expected.Magnitudes, c.Name);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void AllocatingFormGivesTheSameValues(ForwardCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, _) = c.Run(engine, x, expected.Shape);
        Assert.That(c.RunAllocating(engine, x), Is.EqualTo(values).AsCollection);
    }

    [Test]
    public void OutputShapeFormulaAgreesWithTheReference()
    {
        foreach (var c in ForwardCases.MaxPool)
        {
            var x = c.Input();
            Assert.That(c.Max!.OutputShape(c.Shape), Is.EqualTo(c.Reference(x).Shape), c.Name);
        }

        foreach (var c in ForwardCases.AvgPool)
        {
            var x = c.Input();
            Assert.That(c.Avg!.OutputShape(c.Shape), Is.EqualTo(c.Reference(x).Shape), c.Name);
        }
    }

    [Test]
    public void GridCoversTheEdgesItClaims()
    {
        var all = ForwardCases.All.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all.Any(c => c.Shape.N == 0), "N = 0");
            Assert.That(all.Any(c => c.Shape.N == 1 && c.Shape.Rank == 4), "N = 1");
            Assert.That(all.Any(c => c.Shape.C == 1), "C = 1");
            Assert.That(all.Any(c => c.Shape.H == 1) && all.Any(c => c.Shape.W == 1), "H or W = 1");
            Assert.That(all.Any(c => c.Shape.Rank == 3), "rank 3");
            Assert.That(all.Any(c => c.Max is { CeilMode: true } m && CeilDropsLastWindow(c.Shape.H, m.KernelSize.Height, m.Stride.Height, m.Padding.Height, m.Dilation.Height)), "ceil-mode edge");
            Assert.That(all.Any(c => c.Max is { } m && m.Dilation.Height == 2 && m.Padding.Height > 0), "dilation with padding");
            Assert.That(all.Any(c => c.Op == PoolOp.MaxPool2d && c.Reference(c.Input()).Indices.Contains(-1)), "a window with no input position");
        });
    }

    private static bool CeilDropsLastWindow(long input, int k, int s, int p, int d) =>
        ReferencePooling.OutputSize(input, k, s, p, d, ceil: true)
        < (long)Math.Floor((double)(input + 2 * p - d * (k - 1) - 1 + s - 1) / s) + 1;
}
