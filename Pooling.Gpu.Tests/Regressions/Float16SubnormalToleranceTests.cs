using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Found by the fuzz run (seed 11, other #331: lp_pool2d p = -1 in float16, a gradient of
/// -1.2306e-6, which the library rounded to the nearest float16, -21 * 2^-24): a test bug. Below
/// 2^-14 float16 is subnormal, its values 2^-24 apart, but the tolerance took half a unit from the
/// reference's own exponent (2^-31 there) and refused the correctly rounded result.
/// </summary>
public sealed class Float16SubnormalToleranceTests
{
    private const double Reference = -1.230598904802031E-06;

    private static readonly double Spacing = Math.Pow(2, -24);

    [Test]
    public void TheNearestSubnormalPassesAndTheNextOneDoesNot()
    {
        double nearest = (float)(Half)Reference;
        double tolerance = ElementType.Float16.Tolerance(Reference, 0);
        Assert.Multiple(() =>
        {
            Assert.That(nearest, Is.EqualTo(-21 * Spacing), "the library's result, the nearest float16");
            Assert.That(Math.Abs(nearest - Reference), Is.LessThanOrEqualTo(tolerance), "the nearest passes");
            Assert.That(Math.Abs(nearest - Spacing - Reference), Is.GreaterThan(tolerance), "one spacing further does not");
        });
    }
}
