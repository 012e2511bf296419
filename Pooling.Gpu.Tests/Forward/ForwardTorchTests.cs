using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every forward op on the whole case grid, against PyTorch itself (one oracle batch for the
/// grid): max pooling exact in values and indices, averages within the reference tolerance.
/// </summary>
public sealed class ForwardTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
    {
        var batch = ForwardCases.All
            .Select(c => (Case: c, X: c.Input()))
            .Where(t => t.Case.TorchCanAnswer(t.Case.Reference(t.X)))
            .Select(t => t.Case.ToOracle(t.X))
            .ToList();
        return TorchOracle.Run(batch).ToDictionary(r => r.Id);
    });

    private static IEnumerable<TestCaseData> Cases =>
        ForwardCases.All.Where(c => c.TorchCanAnswer(c.Reference(c.Input()))).Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(ForwardCase c)
    {
        var torch = Torch.Value[c.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var x = c.Input();
        var reference = c.Reference(x);
        Assert.That(torch.OutputShape, Is.EqualTo(ShapeOf(reference.Shape)), "output shape");
        var (values, indices) = c.Run(TestEngine.Instance, x, reference.Shape);
        if (c.IsMax)
        {
            Expect.ExactMax(values, indices, torch.Output.Select(v => (double)v).ToArray(), torch.Indices!, c.Name + " vs PyTorch");
        }
        else
        {
            Expect.CloseAverages(values, torch.Output.Select(v => (double)v).ToArray(), reference.Magnitudes, c.Name + " vs PyTorch");
        }
    }

    [Test]
    public void TheBatchLeavesOutOnlyWindowsWithNoInputPosition()
    {
        int left = ForwardCases.All.Count(c => !c.TorchCanAnswer(c.Reference(c.Input())));
        Assert.That(left, Is.InRange(1, 4), "only the all-padding max pool edge is kept from PyTorch");
    }

    private static long[] ShapeOf(TensorShape shape) =>
        shape.Rank == 3 ? [shape.C, shape.H, shape.W] : [shape.N, shape.C, shape.H, shape.W];
}
