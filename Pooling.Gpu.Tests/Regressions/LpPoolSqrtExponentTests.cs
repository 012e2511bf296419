using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Found by the fuzz run (seed 11, 20 lp_pool cases with p = 0.5 such as other #13 and #430):
/// PyTorch computes <c>x.pow(0.5)</c> and <c>x.pow(-0.5)</c> as sqrt and rsqrt (its CPU and CUDA
/// kernels special-case both exponents), so (-inf)^0.5 is NaN and (-0)^-0.5 is -inf, where C's
/// pow, which the library's followed, gives +inf and +inf. So lp_pool1d with p = 0.5 gave +inf for
/// a window holding -inf (PyTorch: NaN), a gradient of 0 at -inf (PyTorch: NaN) and +inf at -0
/// (PyTorch: -inf); with p = 1.5 the gradient at -inf takes (-inf)^0.5 (PyTorch: NaN).
/// The expected values are PyTorch 1.13's, for windows [-inf, 4], [1, 9], [-0, 4].
/// </summary>
public sealed class LpPoolSqrtExponentTests
{
    private static readonly float[] Input = [float.NegativeInfinity, 4, 1, 9, -0f, 4];

    [TestCase(0.5, new[] { float.NaN, 16, 4 }, new[] { float.NaN, float.NaN, 4, 1.3333334f, float.NegativeInfinity, 1 })]
    [TestCase(1.5, new[] { float.PositiveInfinity, 9.220873f, 4 }, new[] { float.NaN, 0, 0.32931688f, 0.9879507f, -0f, 1 })]
    public void MinusInfinityAndMinusZeroGivePyTorchsValues(double p, float[] output, float[] gradient)
    {
        var (y, gradInput) = LpPoolLine.Run(p, Input);
        Assert.Multiple(() =>
        {
            Assert.That(y, Is.EqualTo(output).Within(2).Ulps.AsCollection, "output");
            Assert.That(gradInput, Is.EqualTo(gradient).Within(2).Ulps.AsCollection, "gradient");
            Assert.That(gradInput.Select(Sign), Is.EqualTo(gradient.Select(Sign)).AsCollection, "signs, of zeros and infinities too");
        });

        if (TorchOracle.IsAvailable)
        {
            var torch = TorchOracle.Run([new("sqrt", OracleOp.LPPool1d, LpPoolLine.Shape.Sizes(), Input, new() { NormType = p, KernelSize = 2 }, [1, 1, 1])]).Single();
            Assert.That(torch.Output, Is.EqualTo(output).Within(2).Ulps.AsCollection, "PyTorch still says so (output)");
            Assert.That(torch.GradInput, Is.EqualTo(gradient).Within(2).Ulps.AsCollection, "PyTorch still says so (gradient)");
        }
    }

    [Test]
    public void PowOfHalfAndMinusHalfIsSqrtAndRsqrt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Power.Pow(double.NegativeInfinity, 0.5), Is.NaN);
            Assert.That(double.IsNegative(Power.Pow(-0.0, 0.5)), "sqrt(-0) = -0");
            Assert.That(Power.Pow(-0.0, -0.5), Is.EqualTo(double.NegativeInfinity));
            Assert.That(Power.Pow(double.NegativeInfinity, -0.5), Is.NaN);
            Assert.That(Power.Pow(double.NegativeInfinity, 1.5), Is.EqualTo(double.PositiveInfinity), "1.5 is C's pow");
        });
    }

    /// <summary>The sign bit of a number; none for NaN, whose sign bit neither side promises.</summary>
    private static bool? Sign(float value) => float.IsNaN(value) ? null : float.IsNegative(value);
}
