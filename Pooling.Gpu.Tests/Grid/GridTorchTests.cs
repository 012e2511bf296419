using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every case of the grid that PyTorch 1.13 can answer, in its element type and layout, against
/// PyTorch itself (one oracle batch, forward and autograd): max pooling and unpooling exact in
/// values and indices, max pooling's float32 gradients bit for bit, the rest within the tolerance
/// of two roundings into the type.
/// </summary>
public sealed class GridTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Answerable.Select(c =>
        {
            var x = c.Input();
            return c.ToOracle(x, c.GradOutput(c.Reference(x).Shape));
        })]).ToDictionary(r => r.Id));

    private static IEnumerable<PoolCase> Answerable => GridCases.All.Where(c => c.Op.TorchCanAnswer(c.Reference(c.Input())));

    private static IEnumerable<TestCaseData> Cases => Answerable.Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(PoolCase c) => PoolChecks.AgainstPyTorch(c, Torch.Value[c.Name], TestEngine.Instance);

    [Test]
    public void TheBatchLeavesOutOnlyWhatPyTorch113CannotAnswer()
    {
        var left = GridCases.Base.Where(c => !c.Op.TorchCanAnswer(c.Reference(c.Input()))).ToList();
        Assert.That(left, Is.Not.Empty.And.All.Matches<PoolCase>(c => c!.Op is MaxPoolOp), "only max poolings: windows all in padding, padding past half the kernel");
        Assert.That(left.Count, Is.LessThan(GridCases.Base.Count / 10));
        Assert.That(left.Count(c => c.Op is MaxPoolOp { SpatialRank: 2 }), Is.InRange(1, 4), "in 2D, only the all-padding edge");
    }
}
