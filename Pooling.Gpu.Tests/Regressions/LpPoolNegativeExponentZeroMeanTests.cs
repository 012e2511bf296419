using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Found by the fuzz run (seed 11, lp_pool cases with p = -1 such as other #1713 and #2348):
/// a window whose mean s of x^p is 0 has gradient 0 (PyTorch's relu makes it so), and the
/// backward, which reads s from the output y, took s = 0 where y = 0. For p &lt; 0, s = 0 gives
/// y = 0^(1/p) = +inf instead, so such windows ([0.5, -0.5], or [inf, -inf]) gave their inputs
/// infinite or NaN gradients where PyTorch gives zeros. The expected values are PyTorch 1.13's.
/// </summary>
public sealed class LpPoolNegativeExponentZeroMeanTests
{
    private static readonly float[] Input = [0.5f, -0.5f, 2, 4, float.PositiveInfinity, 1, float.NegativeInfinity, 2, float.PositiveInfinity, float.NegativeInfinity];

    [TestCase(-1.0, new[] { float.PositiveInfinity, 1.3333334f, 1, 2, float.PositiveInfinity }, new[] { -0f, -0f, 0.44444445f, 0.11111111f, 0, 1, 0, 1, -0f, -0f })]
    [TestCase(-2.0, new[] { 0.35355338f, 1.7888544f, 1, 2, float.PositiveInfinity }, new[] { 0.35355338f, -0.35355338f, 0.71554178f, 0.08944272f, 0, 1, -0f, 1, -0f, 0 })]
    public void AZeroMeanGivesZeroGradients(double p, float[] output, float[] gradient)
    {
        var engine = TestEngine.Instance;
        var shape = TensorShape.Of1d(1, 1, Input.Length);
        var options = new LPPool1dOptions(p, 2);
        using var input = engine.Upload<float>(Input, shape);
        using var y = engine.LPPool(input, options);
        using var gradOutput = engine.Upload<float>([1, 1, 1, 1, 1], y.Shape);
        using var gradInput = Poison.Values(engine, shape);
        engine.LPPoolBackward(gradOutput, input, y, options, gradInput);
        Assert.Multiple(() =>
        {
            Assert.That(y.ToArray(), Is.EqualTo(output).Within(2).Ulps.AsCollection, "output");
            Assert.That(gradInput.ToArray(), Is.EqualTo(gradient).Within(2).Ulps.AsCollection, "gradient");
        });

        if (TorchOracle.IsAvailable)
        {
            var torch = TorchOracle.Run([new("zero mean", OracleOp.LPPool1d, shape.Sizes(), Input, new() { NormType = p, KernelSize = 2 }, [1, 1, 1, 1, 1])]).Single();
            Assert.That(torch.GradInput, Is.EqualTo(gradient).Within(2).Ulps.AsCollection, "PyTorch still says so");
        }
    }
}
