using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Power-average pooling where a window's mean s of x^p is 0: PyTorch's
/// <c>sign(s) * relu(|s|)</c> makes the window's gradient 0 ("if the sum of all inputs to the
/// power of p is zero, the gradient is set to zero as well"); for p &lt; 1 an input 0 then gets
/// <c>0 * p * 0^(p-1) = 0 * inf = NaN</c> all the same, and a window with a negative input NaN.
/// The expected values are PyTorch 1.13's, for windows [0, 0], [1, -1], [2, 0].
/// </summary>
public sealed class LpPoolZeroTests
{
    private static readonly float[] Input = [0, 0, 1, -1, 2, 0];

    [TestCase(2.0, new[] { 0, 0, 0.70710678f, -0.70710678f, 1, 0 })]
    [TestCase(3.0, new[] { 0f, 0, 0, 0, 1, 0 })]
    [TestCase(1.0, new[] { 0f, 0, 0, 0, 1, 1 })]
    [TestCase(0.5, new[] { float.NaN, float.NaN, float.NaN, float.NaN, 1, float.PositiveInfinity })]
    public void GradientOfAZeroMeanIsPyTorchs(double p, float[] expected)
    {
        var (_, gradInput) = LpPoolLine.Run(p, Input);
        Assert.That(gradInput, Is.EqualTo(expected).Within(1e-6).AsCollection);

        if (TorchOracle.IsAvailable)
        {
            var torch = TorchOracle.Run([new("zero", OracleOp.LPPool1d, LpPoolLine.Shape.Sizes(), Input, new() { NormType = p, KernelSize = 2 }, [1, 1, 1])]).Single();
            Assert.That(torch.GradInput, Is.EqualTo(expected).Within(1e-6).AsCollection, "PyTorch still says so");
        }
    }
}
