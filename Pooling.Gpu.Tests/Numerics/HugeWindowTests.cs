using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Windows of millions of elements: global average and max pooling and the average's backward,
/// and adaptive max pooling's window kernel over quarter-million-position windows (4-byte compact
/// indices), against the float64 reference. Measured on the CPU accelerator of this shared 2-core
/// machine (load 8 to 11): at 4096x4096 the kernels take 2.1-2.7 s (average), 2.1-3.6 s (max with
/// indices) and 4.2-6.3 s (average backward), and the whole test 14 s: too slow for CI, so it
/// runs in long runs. At 2048x2048 the test took 6 s; at 1448x1448 (2.1M elements) 2 s, which CI runs.
/// </summary>
public sealed class HugeWindowTests
{
    [Test]
    public void GlobalPoolingOf1448x1448() => CheckGlobal(1448);

    [Test]
    [Category(LongRun.Category)]
    public void GlobalPoolingOf4096x4096()
    {
        LongRun.Require();
        CheckGlobal(4096);
    }

    [Test]
    public void AdaptiveMaxPoolingWithWindowsOfAQuarterMillionPositions()
    {
        var c = new PoolCase(AdaptiveOp.Of2d(true, (2, 3)), new TensorShape(1, 2, 1024, 1024), DataKind.Special);
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(TestEngine.Instance, x, expected.Shape);
        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name);
        var (compactValues, converted, bytesPerIndex) = c.RunCompact(TestEngine.Instance, x, expected.Shape);
        Assert.That(bytesPerIndex, Is.EqualTo(4));
        Assert.That(compactValues, Is.EqualTo(values).AsCollection, "compact indices' values");
        Assert.That(converted, Is.EqualTo(expected.Indices).AsCollection, "compact indices, converted");
    }

    private static void CheckGlobal(long side)
    {
        var shape = new TensorShape(1, 1, side, side);
        var engine = TestEngine.Instance;
        PoolChecks.AgainstReference(new PoolCase(new GlobalOp(Max: false), shape, DataKind.Random), engine);
        var max = new PoolCase(new GlobalOp(Max: true), shape, DataKind.Ties);
        var x = max.Input();
        var expected = max.Reference(x);
        var (values, indices) = max.Run(engine, x, expected.Shape);
        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, max.Name);
    }
}
