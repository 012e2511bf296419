using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every breadth case that PyTorch 1.13 can answer, in its element type and layout, against
/// PyTorch itself (one oracle batch, forward and autograd): max pooling and unpooling exact in
/// values and indices, the rest within the tolerance of two roundings into the type.
/// </summary>
public sealed class BreadthTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Answerable.Select(c =>
        {
            var x = c.Input();
            return c.ToOracle(x, c.GradOutput(c.Reference(x).Shape));
        })]).ToDictionary(r => r.Id));

    private static IEnumerable<BreadthCase> Answerable => BreadthCases.All.Where(c => c.Op.TorchCanAnswer(c.Reference(c.Input())));

    private static IEnumerable<TestCaseData> Cases => Answerable.Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(BreadthCase c)
    {
        var torch = Torch.Value[c.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var engine = TestEngine.Instance;
        var x = c.Input();
        var reference = c.Reference(x);
        Assert.That(torch.OutputShape, Is.EqualTo(reference.Shape.Sizes()), "output shape");
        var (values, indices) = c.Run(engine, x, reference.Shape);
        if (c.Op.IsMax || c.Op is UnpoolOp)
        {
            VariantExpect.ExactMax(values, indices, torch.Output64, torch.Indices ?? new long[values.Length], c.Name + " vs PyTorch");
        }
        else
        {
            VariantExpect.Close(values, torch.Output64, c.Op.TorchOutputScale(reference, c.Element), c.Element, c.Name + " vs PyTorch", roundings: 2);
        }

        var g = c.GradOutput(reference.Shape);
        var expected = c.ReferenceBackward(x, g);
        var gradInput = c.RunBackward(engine, x, g, reference.Shape, c.Op.BackwardForms[^1]);
        string what = c.Name + " backward vs PyTorch autograd";
        var scale = c.Op.GradientScale(expected, c.Element);

        // PyTorch's CPU bfloat16 backward accumulates in bfloat16 where it has the kernel.
        if (c.Element == ElementType.BFloat16)
        {
            VariantExpect.CloseToNarrowAccumulation(gradInput, torch.GradInput64!, expected with { Magnitudes = scale }, c.Element, what);
        }
        else
        {
            VariantExpect.Close(gradInput, torch.GradInput64!, scale, c.Element, what, roundings: 2);
        }
    }

    [Test]
    public void TheBatchLeavesOutOnlyWhatPyTorch113CannotAnswer()
    {
        var left = BreadthCases.Base.Where(c => !c.Op.TorchCanAnswer(c.Reference(c.Input()))).ToList();
        Assert.That(left, Is.Not.Empty.And.All.Matches<BreadthCase>(c => c!.Op is MaxPoolOp), "only max poolings: windows all in padding, padding past half the kernel");
        Assert.That(left.Count, Is.LessThan(BreadthCases.Base.Count / 10));
    }
}
