using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Window pooling of a channels-last input whose C is a multiple of 4 can read four channels in
/// one load and compute their four outputs in one thread, and its backward four channels'
/// gradients in one thread with one store (PoolingEngine.ChannelQuadsPerThread).
/// The shared test engine does, so the differential tests of such inputs check it; here it must
/// give the one-channel kernels' bits (an engine's default), values, indices and gradients, for
/// every case of the forward grid (global pooling too: channels-last, it is the window kernel)
/// with C = 4 or 12, in every element type, and a view that does not start on a quad's alignment
/// must fall back to the one-channel kernels with the same results.
/// </summary>
public sealed class ChannelQuadTests : AgainstDefaultEngine
{
    private static IEnumerable<ForwardCase> Wide =>
        ForwardCases.All.Select((c, i) => c with { Shape = WithChannels(c.Shape, i % 2 == 0 ? 4 : 12) });

    private static IEnumerable<TestCaseData> Cases => Wide.Select(c => new TestCaseData(c).SetName($"{c.Name} channels-last"));

    /// <summary>Every fifth case in each other element type.</summary>
    private static IEnumerable<TestCaseData> TypedCases =>
        from c in Wide.Where((_, i) => i % 5 == 0)
        from type in new[] { ElementType.Float16, ElementType.BFloat16, ElementType.Float64 }
        select new TestCaseData(c, type).SetName($"{c.Name} channels-last {type}");

    [Test]
    public void QuadsAreOffByDefaultAndOnInTheTestEngine() => Assert.Multiple(() =>
    {
        Assert.That(Defaults.ChannelQuadsPerThread, Is.False, "an engine's default");
        Assert.That(TestEngine.Instance.ChannelQuadsPerThread, "the shared test engine");
    });

    [TestCaseSource(nameof(Cases))]
    public void QuadsGiveTheOneChannelKernelsBits(ForwardCase c) => AssertSameForwardBits(c, TensorLayout.ChannelsLast);

    [TestCaseSource(nameof(Cases))]
    public void QuadBackwardGivesTheOneChannelKernelsBits(ForwardCase c) => AssertSameBackwardBits(c, TensorLayout.ChannelsLast);

    [TestCaseSource(nameof(TypedCases))]
    public void QuadsGiveTheOneChannelKernelsValuesInEveryType(ForwardCase c, ElementType type) =>
        AssertSameForwardIn(c, type, TensorLayout.ChannelsLast);

    [TestCaseSource(nameof(TypedCases))]
    public void QuadBackwardGivesTheOneChannelKernelsGradientsInEveryType(ForwardCase c, ElementType type) =>
        AssertSameBackwardIn(c, type, TensorLayout.ChannelsLast);

    /// <summary>Which inputs take the quad kernel: channels-last, C a multiple of 4, a view starting on a quad's alignment.</summary>
    [TestCase(TensorLayout.ChannelsLast, 8, 0, true, TestName = "channels-last C = 8 reads quads")]
    [TestCase(TensorLayout.ChannelsLast, 6, 0, false, TestName = "channels-last C = 6 does not")]
    [TestCase(TensorLayout.ChannelsFirst, 8, 0, false, TestName = "channels-first C = 8 does not")]
    [TestCase(TensorLayout.ChannelsLast, 8, 1, false, TestName = "a view one element past a quad's alignment does not")]
    public void QuadsWhereTheInputAllows(TensorLayout layout, int channels, int offset, bool quads)
    {
        var shape = new TensorShape(2, channels, 7, 9).WithLayout(layout);
        var x = TestData.Make(shape.Length, DataKind.Ties, seed: 11);
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator) { ChannelQuadsPerThread = true };
        var (actual, expected, kernels) = MaxPoolAtOffset(engine, x, shape, offset, new MaxPool2dOptions(3) { Stride = 2, Padding = 1 });
        Assert.Multiple(() =>
        {
            Assert.That(kernels, quads ? Has.All.Contains("<Quad<") : Has.None.Contains("<Quad<"));
            AssertSame(actual, expected);
        });
    }

    private static TensorShape WithChannels(TensorShape shape, long channels) =>
        shape.IsBatched ? new TensorShape(shape.N, channels, shape.H, shape.W) : new TensorShape(channels, shape.H, shape.W);
}
