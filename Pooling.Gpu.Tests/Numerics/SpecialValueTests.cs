using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// +-inf, NaN, signed zeros and subnormals, forward and backward, against the float64 reference
/// and PyTorch (one oracle batch). Max values are compared bit for bit (so -0 is not +0) and
/// averages within one unit in the last place or 1e-6 relative, with no absolute floor: a
/// subnormal flushed to zero on any accelerator fails.
/// </summary>
public sealed class SpecialValueTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. SpecialValueCases.All.Select(c => c.ToOracle())]).ToDictionary(r => r.Id));

    private static IEnumerable<TestCaseData> Cases => SpecialValueCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void MatchesTheReferenceAndPyTorch(NumericCase n)
    {
        var c = n.Case;
        var engine = TestEngine.Instance;
        var expected = c.Reference(n.X);
        var (values, indices) = c.Run(engine, n.X, expected.Shape);
        Compare(c.Op.IsMax, values, expected.Values, expected.Magnitudes, "forward vs reference");
        if (indices is not null)
        {
            Assert.That(indices, Is.EqualTo(expected.Indices).AsCollection, "indices vs reference");
        }

        var expectedGrad = c.ReferenceBackward(n.X, n.GradOutput);
        var grads = c.Op.BackwardForms.Select(form => c.RunBackward(engine, n.X, n.GradOutput, expected.Shape, form)).ToList();
        grads.ForEach(grad => Compare(false, grad, expectedGrad.Values, expectedGrad.Magnitudes, "backward vs reference"));

        TorchOracle.RequireAvailable();
        var torch = Torch.Value[n.Name];
        Assert.That(torch.Error, Is.Null);
        Compare(c.Op.IsMax, values, torch.Output64, expected.Magnitudes, "forward vs PyTorch");
        if (indices is not null)
        {
            Assert.That(indices, Is.EqualTo(torch.Indices).AsCollection, "indices vs PyTorch");
        }

        grads.ForEach(grad => Compare(c.Op.IsMax, grad, torch.GradInput64!, expectedGrad.Magnitudes, "backward vs PyTorch autograd"));
    }

    [Test]
    public void TheSubnormalCasesHoldSubnormalsAndExpectThem()
    {
        var subnormal = SpecialValueCases.All.Where(c => c.Name.Contains("subnormal")).ToList();
        Assert.That(subnormal, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var n in subnormal)
        {
            Assert.That(n.X.Any(float.IsSubnormal), n.Name);
            Assert.That(n.Case.Reference(n.X).Values.Any(v => float.IsSubnormal((float)v)), n.Name + ": a subnormal result");
        }
    }

    /// <summary>Bits for max (NaN any NaN); otherwise within one float ulp of the expected value or 1e-6 of the magnitude.</summary>
    private static void Compare(bool exact, double[] actualValues, double[] expected, double[] magnitudes, string what)
    {
        Assert.That(actualValues, Has.Length.EqualTo(expected.Length), what);
        for (int i = 0; i < actualValues.Length; i++)
        {
            float actual = (float)actualValues[i], want = (float)expected[i];
            bool ok = float.IsNaN(want) ? float.IsNaN(actual)
                : exact || !float.IsFinite(want) ? BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(want)
                : Math.Abs(actual - expected[i]) <= Math.Max(1e-6 * Math.Max(magnitudes.ElementAtOrDefault(i), Math.Abs(expected[i])), Ulp(want));
            if (!ok)
            {
                Assert.Fail($"{what}: [{i}] is {actual:R} (bits {BitConverter.SingleToInt32Bits(actual):X8}), expected {expected[i]:R}");
            }
        }
    }

    private static double Ulp(float value) => (double)MathF.BitIncrement(Math.Abs(value)) - Math.Abs(value);
}
