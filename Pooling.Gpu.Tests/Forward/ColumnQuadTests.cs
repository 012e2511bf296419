using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Window pooling of a channels-first input whose windows along W are two columns at stride 2
/// (VGG's 2x2 stride 2) or three at stride 2 with padding 1 (ResNet's stem), with W a multiple of
/// 4, can read four columns in one load and compute two outputs in one thread, and its backward
/// the four inputs' gradients in one thread (PoolingEngine.ColumnQuadsPerThread). The shared test
/// engine does, so the differential tests (float64 reference and PyTorch, forward and backward)
/// of ForwardCases.ColumnPairs (2D) and BreadthCases.ColumnPairs (1D and 3D) check it; here it
/// must give the one-output kernels' bits (an engine's default), values, indices and gradients,
/// for each of those cases (the 2D ones in every element type), and an input it does not fit
/// (another window, another W, a view off a quad's alignment, channels-last) must take the
/// one-output kernels.
/// </summary>
public sealed class ColumnQuadTests : AgainstDefaultEngine
{
    private static IEnumerable<TestCaseData> Cases => ForwardCases.ColumnPairs.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> TypedCases =>
        from c in ForwardCases.ColumnPairs
        from type in new[] { ElementType.Float16, ElementType.BFloat16, ElementType.Float64 }
        select new TestCaseData(c, type).SetName($"{c.Name} {type}");

    private static IEnumerable<TestCaseData> LinesAndVolumes => BreadthCases.ColumnPairs.Select(c => new TestCaseData(c).SetName(c.Name));

    [Test]
    public void ColumnQuadsAreOffByDefaultAndOnInTheTestEngine() => Assert.Multiple(() =>
    {
        Assert.That(Defaults.ColumnQuadsPerThread, Is.False, "an engine's default");
        Assert.That(TestEngine.Instance.ColumnQuadsPerThread, "the shared test engine");
    });

    [TestCaseSource(nameof(Cases))]
    public void TheCaseTakesTheColumnQuadKernels(ForwardCase c)
    {
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator) { ColumnQuadsPerThread = true };
        var x = c.Input();
        var output = c.Reference(x).Shape;
        c.Run(engine, x, output);
        c.RunBackward(engine, x, c.GradOutput(output), output, c.IsMax ? IndexForm.Compact : IndexForm.Torch);
        string[] kernels = [.. engine.LoadedKernels.Select(KernelCatalog.NameOf)];
        Assert.Multiple(() =>
        {
            Assert.That(kernels, Has.Some.Contains("ColumnQuadReduction<"), "forward");
            Assert.That(kernels, Has.Some.Contains("ColumnQuadGradient<"), "backward");
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void ColumnQuadBackwardGivesTheOneInputKernelsBits(ForwardCase c) => AssertSameBackwardBits(c, TensorLayout.ChannelsFirst);

    [TestCaseSource(nameof(Cases))]
    public void ColumnQuadsGiveTheOneOutputKernelsBits(ForwardCase c) => AssertSameForwardBits(c, TensorLayout.ChannelsFirst);

    [TestCaseSource(nameof(TypedCases))]
    public void ColumnQuadsGiveTheOneOutputKernelsValuesInEveryType(ForwardCase c, ElementType type) =>
        AssertSameForwardIn(c, type, TensorLayout.ChannelsFirst);

    [TestCaseSource(nameof(TypedCases))]
    public void ColumnQuadBackwardGivesTheOneInputKernelsGradientsInEveryType(ForwardCase c, ElementType type) =>
        AssertSameBackwardIn(c, type, TensorLayout.ChannelsFirst);

    /// <summary>1D and 3D poolings pair their columns as 2D ones do: the column quad kernels, forward and backward, with the one-output kernels' fp32 bits.</summary>
    [TestCaseSource(nameof(LinesAndVolumes))]
    public void LinesAndVolumesTakeTheColumnQuadKernelsWithTheOneOutputKernelsBits(BreadthCase c)
    {
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator) { ColumnQuadsPerThread = true };
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        var (values, indices) = c.Run(engine, x, output);
        var (expectedValues, expectedIndices) = c.Run(Defaults, x, output);
        var gradients = c.Op.BackwardForms.Select(form => c.RunBackward(engine, x, g, output, form)).ToArray();
        var expectedGradients = c.Op.BackwardForms.Select(form => c.RunBackward(Defaults, x, g, output, form)).ToArray();
        string[] kernels = [.. engine.LoadedKernels.Select(KernelCatalog.NameOf)];
        Assert.Multiple(() =>
        {
            Assert.That(kernels, Has.Some.Contains("ColumnQuadReduction<"), "forward");
            Assert.That(kernels, Has.Some.Contains("ColumnQuadGradient<"), "backward");
            Assert.That(values.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expectedValues.Select(BitConverter.DoubleToInt64Bits)).AsCollection, "values");
            Assert.That(indices, Is.EqualTo(expectedIndices).AsCollection, "indices");
            Assert.That(
                gradients.Select(r => r.Select(BitConverter.DoubleToInt64Bits)),
                Is.EqualTo(expectedGradients.Select(r => r.Select(BitConverter.DoubleToInt64Bits))).AsCollection,
                "gradients, from each index form");
        });
    }

    /// <summary>
    /// Which max_pool2d calls take the column quad kernels, forward and backward: stride 2 along W
    /// with 2 columns and no padding or 3 columns and padding 1, no dilation, W a multiple of 4,
    /// channels-first, an aligned view.
    /// </summary>
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 0, true, TestName = "2x2 stride 2 over W = 8 reads column quads")]
    [TestCase(3, 2, 1, 1, 8, TensorLayout.ChannelsFirst, 0, true, TestName = "3x3 stride 2 padding 1 does too")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 4, true, TestName = "a view one quad into its buffer does too")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 2, false, TestName = "a view half a quad off its alignment does not")]
    [TestCase(3, 2, 1, 1, 8, TensorLayout.ChannelsFirst, 1, false, TestName = "nor with 3 columns")]
    [TestCase(2, 2, 0, 1, 10, TensorLayout.ChannelsFirst, 0, false, TestName = "W = 10 does not")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsLast, 0, false, TestName = "channels-last does not")]
    [TestCase(3, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "3 columns without padding do not")]
    [TestCase(2, 1, 0, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "stride 1 does not")]
    [TestCase(2, 2, 1, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "2 columns with padding do not")]
    [TestCase(2, 2, 0, 2, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "dilation does not")]
    public void ColumnQuadsWhereTheWindowsAndInputAllow(
        int kernel, int stride, int padding, int dilation, int width, TensorLayout layout, int offset, bool quads)
    {
        var shape = new TensorShape(2, 3, 5, width).WithLayout(layout);
        var options = new MaxPool2dOptions((2, kernel)) { Stride = (2, stride), Padding = (1, padding), Dilation = (1, dilation) };
        var x = TestData.Make(shape.Length, DataKind.Ties, seed: 13);
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator) { ColumnQuadsPerThread = true };
        var (actual, expected, kernels) = MaxPoolAtOffset(engine, x, shape, offset, options);
        Assert.Multiple(() =>
        {
            Assert.That(kernels.Where(k => k.StartsWith("WindowPool<", StringComparison.Ordinal)), quads ? Has.All.Contains("ColumnQuadReduction<") : Has.None.Contains("ColumnQuadReduction<"));
            Assert.That(kernels.Where(k => k.StartsWith("WindowPoolBackward<", StringComparison.Ordinal)), quads ? Has.All.Contains("ColumnQuadGradient<") : Has.None.Contains("ColumnQuadGradient<"));
            AssertSame(actual, expected);
        });
    }
}
