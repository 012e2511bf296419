using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every op in float64, float16, bfloat16 and the channels-last layout, forward and backward,
/// against the float64 reference and PyTorch (one oracle batch); and the two layouts against
/// each other.
/// </summary>
public sealed class VariantTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run(Answerable.Select(v =>
        {
            var x = v.Input();
            return v.ToOracle(x, v.GradOutput(v.Case.Reference(x).Shape));
        }).ToList()).ToDictionary(r => r.Id));

    private static IEnumerable<VariantCase> Answerable => VariantCases.All.Where(v => v.Case.TorchCanAnswer(v.Case.Reference(v.Input())));

    private static IEnumerable<TestCaseData> Cases => VariantCases.All.Select(v => new TestCaseData(v).SetName(v.Name));

    private static IEnumerable<TestCaseData> TorchCases => Answerable.Select(v => new TestCaseData(v).SetName(v.Name));

    [TestCaseSource(nameof(Cases))]
    public void MatchesReference(VariantCase v) => VariantChecks.AgainstReference(v, TestEngine.Instance, v.Name);

    [TestCaseSource(nameof(TorchCases))]
    public void MatchesPyTorch(VariantCase v)
    {
        TorchOracle.RequireAvailable();
        var torch = Torch.Value[v.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        VariantChecks.AgainstPyTorch(v, torch, TestEngine.Instance, v.Name);
    }

    [TestCaseSource(nameof(Cases))]
    public void ChannelsLastGivesTheChannelsFirstResults(VariantCase v)
    {
        var engine = TestEngine.Instance;
        var first = v with { Layout = TensorLayout.ChannelsFirst };
        var last = v with { Layout = TensorLayout.ChannelsLast };
        var x = v.Input();
        var reference = v.Case.Reference(x);
        var (firstValues, firstIndices) = first.Run(engine, x, reference.Shape);
        var (lastValues, lastIndices) = last.Run(engine, x, reference.Shape);
        Assert.That(lastIndices, Is.EqualTo(firstIndices));
        if (v.Case.Op == PoolOp.GlobalAvgPool2d)
        {
            // The two layouts sum a plane in different orders (a warp or group tree, a thread's loop).
            VariantExpect.Close(lastValues, firstValues, reference.Magnitudes, v.Element, "channels-last global average", roundings: 2);
        }
        else
        {
            Assert.That(lastValues.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(firstValues.Select(BitConverter.DoubleToInt64Bits)).AsCollection, "same windows, same order, same bits");
        }

        var g = v.GradOutput(reference.Shape);
        var form = v.Case.IsMax ? IndexForm.Compact : IndexForm.Torch;
        Assert.That(
            last.RunBackward(engine, x, g, reference.Shape, form).Select(BitConverter.DoubleToInt64Bits),
            Is.EqualTo(first.RunBackward(engine, x, g, reference.Shape, form).Select(BitConverter.DoubleToInt64Bits)).AsCollection,
            "backward: same windows, same order, same bits");
    }
}
