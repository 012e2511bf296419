using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Window pooling can compute two vertically adjacent outputs per thread where their windows
/// overlap (RowPair, PoolingEngine.PairsOverlappingRows), one otherwise. The shared test engine
/// pairs, so the reference and PyTorch tests check the pair kernel; here it must also give the
/// one-output kernel's bits (an engine's default), values and indices, for every window case of
/// the forward grid (odd output heights leave a last pair of one; H = 1, padding, dilation and
/// ceil mode are in the grid) in both layouts.
/// </summary>
public sealed class RowPairTests : AgainstDefaultEngine
{
    private static IEnumerable<TestCaseData> Cases =>
        from c in ForwardCases.All
        where c.Op is not (PoolOp.GlobalMaxPool2d or PoolOp.GlobalAvgPool2d)
        from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
        select new TestCaseData(c, layout).SetName($"{c.Name} {layout}");

    [Test]
    public void PairsAreOffByDefaultAndOnInTheTestEngine() => Assert.Multiple(() =>
    {
        Assert.That(Defaults.PairsOverlappingRows, Is.False, "an engine's default");
        Assert.That(TestEngine.Instance.PairsOverlappingRows, "the shared test engine");
    });

    [TestCaseSource(nameof(Cases))]
    public void PairsGiveTheOneOutputKernelsBits(ForwardCase c, TensorLayout layout) => AssertSameForwardBits(c, layout);

    /// <summary>Which windows take the pair kernel: those whose adjacent rows share input rows, with dilation 1 along H.</summary>
    [TestCase(3, 2, 1, 1, true, TestName = "3x3 stride 2 (ResNet's stem) pairs")]
    [TestCase(3, 1, 1, 1, true, TestName = "3x3 stride 1 pairs")]
    [TestCase(2, 2, 0, 1, false, TestName = "2x2 stride 2 does not overlap")]
    [TestCase(2, 3, 0, 1, false, TestName = "a stride past the kernel leaves gaps")]
    [TestCase(3, 1, 0, 2, false, TestName = "dilated rows do not pair")]
    public void StridedWindowsPairWhereRowsOverlap(int kernel, int stride, int padding, int dilation, bool pairs)
    {
        var options = new MaxPool2dOptions(kernel) { Stride = stride, Padding = padding, Dilation = dilation };
        Assert.That(KernelsLoadedBy(e => e.MaxPool2d(Data(e, new TensorShape(1, 2, 9, 9)), options)), Is.EqualTo(Expected(pairs)));
    }

    [TestCase(15, 7, true, TestName = "adaptive 15 to 7 overlaps")]
    [TestCase(3, 7, true, TestName = "adaptive 3 to 7 overlaps")]
    [TestCase(14, 7, false, TestName = "adaptive 14 to 7 abuts")]
    [TestCase(15, 1, false, TestName = "adaptive to one row has nothing to pair")]
    public void AdaptiveWindowsPairWhereRowsOverlap(int inputRows, int outputRows, bool pairs)
    {
        var shape = new TensorShape(1, 2, inputRows, 5);
        Assert.That(KernelsLoadedBy(e => e.AdaptiveAvgPool2d(Data(e, shape), new Size2(outputRows, 3))), Is.EqualTo(Expected(pairs)));
    }

    private static string[] Expected(bool pairs) => [pairs ? "RowPair" : "SingleRow"];

    /// <summary>The row mode (the window kernel's last type argument) of each kernel a fresh engine loads for <paramref name="call"/>.</summary>
    private static string[] KernelsLoadedBy(Func<PoolingEngine, IDisposable> call)
    {
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator) { PairsOverlappingRows = true };
        call(engine).Dispose();
        return [.. engine.LoadedKernels.Select(KernelCatalog.NameOf).Select(name => name[(name.LastIndexOf(", ", StringComparison.Ordinal) + 2)..^1])];
    }

    private static DeviceTensor<float> Data(PoolingEngine engine, TensorShape shape) =>
        engine.Upload<float>(TestData.Make(shape.Length, DataKind.Random, seed: 3), shape);
}
