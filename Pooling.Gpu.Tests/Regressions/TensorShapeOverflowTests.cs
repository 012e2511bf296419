using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: a shape of more than long.MaxValue elements used to wrap its Length, e.g.
/// (4, 1, 2^31, 2^31) to 0. Allocate then gave a 0-element buffer for it, Wrap accepted an empty
/// view for it, and global max pooling read 2^62 elements per plane out of bounds (on the CPU
/// accelerator an assertion ended the process).
/// </summary>
public sealed class TensorShapeOverflowTests
{
    [TestCase(4, 1, 1L << 31, 1L << 31, "n")]
    [TestCase(1, 1, 1L << 32, 1L << 32, "h")]
    [TestCase(0, 3, 1L << 40, 1L << 40, "h")]
    [TestCase(1L << 40, 1L << 40, 0, 5, "n")]
    public void ShapesOfMoreThanLongMaxValueElementsAreRejected(long n, long c, long h, long w, string parameter) =>
        OptionValidationTests.AssertRejected(() => _ = new TensorShape(n, c, h, w), parameter, $"Tensor sizes [{n}, {c}, {h}, {w}] hold more than 9223372036854775807 elements.");

    [Test]
    public void TheLargestShapesStillFit()
    {
        Assert.That(new TensorShape(1, 1, 3_037_000_499, 3_037_000_499).Length, Is.EqualTo(3_037_000_499L * 3_037_000_499));
        Assert.That(new TensorShape(long.MaxValue, 1, 1).Length, Is.EqualTo(long.MaxValue));
        Assert.That(new TensorShape(0, 1, 1L << 31, 1L << 31).Length, Is.Zero);
    }
}
