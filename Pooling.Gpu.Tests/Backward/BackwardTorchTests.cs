using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every backward on the forward case grid against PyTorch autograd (the gradient of
/// <c>sum(y * g)</c> for a random g, one oracle batch): max pooling gradients bit for bit, both
/// index forms; averages within the reference tolerance.
/// </summary>
public sealed class BackwardTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run(Answerable.Select(c =>
        {
            var x = c.Input();
            return c.ToOracle(x, c.GradOutput(c.Reference(x).Shape));
        }).ToList()).ToDictionary(r => r.Id));

    private static IEnumerable<ForwardCase> Answerable => ForwardCases.All.Where(c => c.TorchCanAnswer(c.Reference(c.Input())));

    private static IEnumerable<TestCaseData> Cases => Answerable.Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorchAutograd(ForwardCase c)
    {
        var torch = Torch.Value[c.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        var magnitudes = c.ReferenceBackward(x, g).Magnitudes;
        foreach (var form in c.IsMax ? new[] { IndexForm.Torch, IndexForm.Compact } : [IndexForm.Torch])
        {
            var actual = c.RunBackward(TestEngine.Instance, x, g, output, form);
            if (c.IsMax)
            {
                Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(torch.GradInput!.Select(BitConverter.SingleToInt32Bits)).AsCollection, $"{form} indices");
            }
            else
            {
                Expect.CloseAverages(actual, torch.GradInput!.Select(v => (double)v).ToArray(), magnitudes, c.Name + " vs PyTorch autograd");
            }
        }
    }
}
