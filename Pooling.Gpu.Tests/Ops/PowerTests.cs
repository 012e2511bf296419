using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The library's float64 <c>pow</c> (written for kernels without libdevice) against PyTorch's (<see cref="TorchPow"/>: .NET's IEEE <c>Math.Pow</c>, with sqrt and rsqrt for 0.5 and -0.5).</summary>
public sealed class PowerTests
{
    private static readonly double[] Exponents = [2, 3, 0.5, -0.5, 1.5, -1, -2, 1.0 / 3, 0.25, -2.5, -1.5, 1, 7, 64, 65, -64, 1e-3, 100, -100, 0.999, 2.0000001];

    private static IEnumerable<double> Bases()
    {
        double[] special = [0.0, -0.0, 1, -1, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, 1e-310, double.MaxValue, 2, -2, 0.5, -0.5];
        foreach (double x in special)
        {
            yield return x;
        }

        var random = new Random(11);
        for (int i = 0; i < 20000; i++)
        {
            yield return (random.Next(2) == 0 ? 1 : -1) * Math.Pow(10, random.NextDouble() * 60 - 30) * random.NextDouble();
        }
    }

    [Test]
    public void AgreesWithPyTorchsPowToAFewUlps()
    {
        foreach (double y in Exponents)
        {
            foreach (double x in Bases())
            {
                double expected = TorchPow.Of(x, y);
                double actual = Power.Pow(x, y);
                bool same = double.IsNaN(expected)
                    ? double.IsNaN(actual)
                    : !double.IsFinite(expected) || expected == 0
                        ? actual.Equals(expected)
                        : Math.Abs(actual - expected) <= Tolerance(x, y) * Math.Abs(expected) + 4 * double.Epsilon;
                if (!same)
                {
                    Assert.Fail($"pow({x:R}, {y:R}) = {actual:R}, PyTorch's pow gives {expected:R}");
                }
            }
        }
    }

    /// <summary>
    /// 2^t with t = y*log2|x|: log2 and the product each round t by about |t| units of 2^-53, and a
    /// few more roundings follow; an integral y multiplies, each squaring doubling the error so far.
    /// </summary>
    private static double Tolerance(double x, double y) => (3 * Math.Abs(y * Math.Log2(Math.Abs(x))) + 2 * Math.Abs(y) + 8) * Math.Pow(2, -53);

    [Test]
    public void SignedZerosAndInfinitiesFollowC()
    {
        Assert.Multiple(() =>
        {
            Assert.That(double.IsNegative(Power.Pow(-0.0, 3)), "(-0)^3 = -0");
            Assert.That(Power.Pow(-0.0, -1), Is.EqualTo(double.NegativeInfinity));
            Assert.That(Power.Pow(double.NegativeInfinity, 1.5), Is.EqualTo(double.PositiveInfinity));
            Assert.That(Power.Pow(double.NaN, 0), Is.EqualTo(1));
            Assert.That(Power.Pow(-8, 1.0 / 3), Is.NaN);
        });
    }
}
