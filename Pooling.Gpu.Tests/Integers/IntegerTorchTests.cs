using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every integer case that PyTorch 1.13 can answer (see <see cref="IntegerCase.TorchCanAnswer"/>;
/// torch_oracle.py says how it answers integer max pooling), in its type and layout, against
/// PyTorch in one oracle batch: values and indices exact.
/// </summary>
public sealed class IntegerTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Answerable.Select(c => c.ToOracle(c.Input()))]).ToDictionary(r => r.Id));

    private static IEnumerable<IntegerCase> Answerable => IntegerCases.All.Where(c => c.TorchCanAnswer(c.Input()));

    private static IEnumerable<TestCaseData> Cases => Answerable.Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(IntegerCase c)
    {
        var torch = Torch.Value[c.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var x = c.Input();
        var output = c.Reference(x).Output;
        Assert.That(torch.OutputShape, Is.EqualTo(output.Sizes()), "output shape");

        var (values, indices) = c.Run(TestEngine.Instance, x, output);

        Assert.That(values, Is.EqualTo(torch.OutputInt64), "values");
        Assert.That(indices, Is.EqualTo(torch.Indices), "indices");
    }

    [Test]
    public void TheBatchLeavesOutOnlyWhatPyTorch113CannotAnswer()
    {
        var left = IntegerCases.All.Where(c => !c.TorchCanAnswer(c.Input())).ToList();
        Assert.That(
            left,
            Has.All.Matches<IntegerCase>(c => c!.Reference(c.Input()).Indices.Contains(-1) || c.Type == IntegerType.Int64 && c.Data != IntegerDataKind.Random),
            "windows all in padding, and int64 values that float64 does not hold");
        Assert.That(Answerable.Count(), Is.GreaterThan(IntegerCases.All.Count * 3 / 4));
        Assert.That(Answerable.Where(c => c.Type == IntegerType.Int64).Select(c => c.Op.Name).Distinct().Count(), Is.GreaterThan(10), "int64 still meets most ops");
    }
}
