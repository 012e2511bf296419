using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: adaptive windows are computed from products of an index and a size (up to
/// input * output along an axis). With H = 5e9 and an output of 2e9 rows the product passes
/// long.MaxValue and the last window came out as [-4223372039, -4223372035): a kernel would have
/// read before the input. Such sizes are now refused, naming the output size.
/// </summary>
public sealed class AdaptiveWindowOverflowTests
{
    private const string Message = "adaptive_avg_pool2d: input size 5000000000 times output size 2000000000 along H is more than 9223372036854775807";

    [Test]
    public void OutputSizesWhoseProductWithTheInputPassesLongMaxValueAreRejected()
    {
        OptionValidationTests.AssertRejected(
            () => PoolingRules.AdaptiveOutputShape(new TensorShape(1, 1, 5_000_000_000, 1), (2_000_000_000, 1), "adaptive_avg_pool2d"), "outputSize", Message);
        OptionValidationTests.AssertRejected(
            () => PoolingRules.AdaptiveOutputShape(new TensorShape(1, 1, 3, 1L << 40), (2, 1 << 23), "adaptive_max_pool2d"), "outputSize", "adaptive_max_pool2d: input size 1099511627776 times output size 8388608 along W");
    }

    [Test]
    public void AnEmptyBatchOfSuchSizesIsRejectedByTheOps()
    {
        var engine = TestEngine.Instance;
        using var empty = engine.Allocate<float>(new TensorShape(0, 1, 1, 1));
        using var input = engine.Wrap(empty.View, new TensorShape(0, 1, 5_000_000_000, 1));
        OptionValidationTests.AssertRejected(() => engine.AdaptiveAvgPool2d(input, (2_000_000_000, 1)), "outputSize", Message);
    }

    [Test]
    public void ProductsUpToLongMaxValueAreAccepted() =>
        Assert.That(
            PoolingRules.AdaptiveOutputShape(new TensorShape(1, 1, long.MaxValue / int.MaxValue, 1), (int.MaxValue, 1), "adaptive_avg_pool2d"),
            Is.EqualTo(new TensorShape(1, 1, int.MaxValue, 1)));
}
