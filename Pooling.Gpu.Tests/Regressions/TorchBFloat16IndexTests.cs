using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Found by the fuzz run (seed 90210, plane #119: global max pooling of a (1, 1, 26, 35) bfloat16
/// plane), a fault of the oracle, not of the library: PyTorch 1.13's CPU adaptive_max_pool2d in
/// bfloat16 returns the index of the maximum rounded to bfloat16 (619 as 620, a position holding
/// -3.95), in both layouts, and its backward sends the gradient there. max_pool2d is right. The
/// library's index is exact; the differential checks compare PyTorch's bfloat16 adaptive indices
/// after rounding ours the same way (TorchBFloat16Indices), and skip PyTorch's gradient when that
/// rounding moved one. A second fuzz run (seed 7, other #549) met it in adaptive_max_pool1d.
/// </summary>
public sealed class TorchBFloat16IndexTests
{
    [TestCase(TensorLayout.ChannelsFirst)]
    [TestCase(TensorLayout.ChannelsLast)]
    public void PyTorchRoundsBFloat16AdaptiveMaxIndicesAndTheLibraryDoesNot(TensorLayout layout)
    {
        // A 1 x 700 row of 0.5 with the maximum at 619: bfloat16 holds 619 only as 620.
        var c = new PoolCase(new GlobalOp(Max: true), new TensorShape(1, 1, 1, 700), DataKind.Random, ElementType.BFloat16, layout);
        var x = Enumerable.Range(0, 700).Select(i => i == 619 ? 2f : 0.5f).ToArray();
        var (values, indices) = c.Run(TestEngine.Instance, x, c.Reference(x).Shape);
        Assert.That((values[0], indices![0]), Is.EqualTo((2.0, 619L)), "the library");
        Assert.That(TorchBFloat16Indices.Rounded(619), Is.EqualTo(620));

        TorchOracle.RequireAvailable();
        var torch = TorchOracle.Run([c.ToOracle(x, null) with { Id = "bf16 index" }]).Single();
        Assert.That((torch.Output64[0], torch.Indices![0]), Is.EqualTo((2.0, 620L)),
            "PyTorch no longer rounds bfloat16 adaptive max indices: drop TorchBFloat16Indices");
    }

    [Test]
    public void PyTorchRoundsThemInAdaptiveMaxPool1dToo()
    {
        // The fuzz case's shape, a row of 0.5 with the maximum at 289: bfloat16 holds 289 only as 288.
        var c = new PoolCase(AdaptiveOp.Of1d(true, 1), TensorShape.Of1d(1, 1, 310), DataKind.Random, ElementType.BFloat16);
        var x = Enumerable.Range(0, 310).Select(i => i == 289 ? 2f : 0.5f).ToArray();
        var (values, indices) = c.Run(TestEngine.Instance, x, c.Reference(x).Shape);
        Assert.That((values[0], indices![0]), Is.EqualTo((2.0, 289L)), "the library");

        TorchOracle.RequireAvailable();
        var torch = TorchOracle.Run([c.ToOracle(x, null) with { Id = "bf16 index 1d" }]).Single();
        Assert.That((torch.Output64[0], torch.Indices![0]), Is.EqualTo((2.0, 288L)),
            "PyTorch no longer rounds bfloat16 adaptive max indices: drop TorchBFloat16Indices");
    }
}
