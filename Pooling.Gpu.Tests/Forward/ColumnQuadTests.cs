using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Window pooling of a channels-first input whose windows are two columns wide at stride 2 (VGG's
/// 2x2 stride 2), with W a multiple of 4, can read four columns in one load and compute the two
/// outputs they hold in one thread, and its backward the four inputs' gradients in one thread
/// (PoolingEngine.ColumnQuadsPerThread). The shared test engine does, so the differential tests
/// of ForwardCases.ColumnPairs (float64 reference and PyTorch, forward and backward) check it;
/// here it must give the one-output kernels' bits (an engine's default), values, indices and
/// gradients, for each of those cases in every element type, and an input it does not fit
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
    public void ColumnQuadBackwardGivesTheOneInputKernelsBits(ForwardCase c)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        foreach (var form in c.IsMax ? new[] { IndexForm.Torch, IndexForm.Compact } : [IndexForm.Torch])
        {
            var quads = c.RunBackward(TestEngine.Instance, x, g, output, form);
            var plain = c.RunBackward(Defaults, x, g, output, form);
            Assert.That(quads.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(plain.Select(BitConverter.SingleToInt32Bits)).AsCollection, $"{form} indices");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ColumnQuadsGiveTheOneOutputKernelsBits(ForwardCase c)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (quadValues, quadIndices) = c.Run(TestEngine.Instance, x, output);
        var (singleValues, singleIndices) = c.Run(Defaults, x, output);

        Assert.Multiple(() =>
        {
            Assert.That(quadValues.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(singleValues.Select(BitConverter.SingleToInt32Bits)).AsCollection, "values");
            Assert.That(quadIndices, Is.EqualTo(singleIndices).AsCollection, "indices");
        });
    }

    [TestCaseSource(nameof(TypedCases))]
    public void ColumnQuadsGiveTheOneOutputKernelsValuesInEveryType(ForwardCase c, ElementType type)
    {
        var (quadValues, quadIndices, singleValues, singleIndices) = type switch
        {
            ElementType.Float16 => Both(c, v => (ILGPU.Half)v, h => (float)h),
            ElementType.BFloat16 => Both(c, v => (BFloat16)v, b => (float)b),
            _ => Both(c, v => (double)v, d => d),
        };

        Assert.Multiple(() =>
        {
            Assert.That(quadValues, Is.EqualTo(singleValues).AsCollection, "values (NaN equals NaN)");
            Assert.That(quadIndices, Is.EqualTo(singleIndices).AsCollection, "indices");
        });
    }

    [TestCaseSource(nameof(TypedCases))]
    public void ColumnQuadBackwardGivesTheOneInputKernelsGradientsInEveryType(ForwardCase c, ElementType type)
    {
        var (quads, plain) = type switch
        {
            ElementType.Float16 => BothBackward(c, v => (ILGPU.Half)v, h => (float)h),
            ElementType.BFloat16 => BothBackward(c, v => (BFloat16)v, b => (float)b),
            _ => BothBackward(c, v => (double)v, d => d),
        };

        Assert.That(quads, Is.EqualTo(plain).AsCollection, "gradients (NaN equals NaN)");
    }

    /// <summary>Which max_pool2d calls take the column quad kernel: 2 columns at stride 2 without padding or dilation, W a multiple of 4, channels-first, an aligned view.</summary>
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 0, true, TestName = "2x2 stride 2 over W = 8 reads column quads")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 4, true, TestName = "a view one quad into its buffer does too")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 2, false, TestName = "a view half a quad off its alignment does not")]
    [TestCase(2, 2, 0, 1, 10, TensorLayout.ChannelsFirst, 0, false, TestName = "W = 10 does not")]
    [TestCase(2, 2, 0, 1, 8, TensorLayout.ChannelsLast, 0, false, TestName = "channels-last does not")]
    [TestCase(3, 2, 0, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "3 columns do not")]
    [TestCase(2, 1, 0, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "stride 1 does not")]
    [TestCase(2, 2, 1, 1, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "padding does not")]
    [TestCase(2, 2, 0, 2, 8, TensorLayout.ChannelsFirst, 0, false, TestName = "dilation does not")]
    public void ColumnQuadsWhereTheWindowsAndInputAllow(int kernel, int stride, int padding, int dilation, int width, TensorLayout layout, int offset, bool quads)
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

    /// <summary>The case in <typeparamref name="T"/> by the column quad engine and the one-output one, values as doubles.</summary>
    private (double[] QuadValues, long[]? QuadIndices, double[] SingleValues, long[]? SingleIndices) Both<T>(ForwardCase c, Func<float, T> convert, Func<T, double> back)
        where T : unmanaged
    {
        var x = c.Input().Select(convert).ToArray();
        var output = c.Reference(c.Input()).Shape;
        var poison = convert(Poison.Value);
        var (quadValues, quadIndices) = c.Run(TestEngine.Instance, x, c.Shape, output, poison);
        var (singleValues, singleIndices) = c.Run(Defaults, x, c.Shape, output, poison);
        return ([.. quadValues.Select(back)], quadIndices, [.. singleValues.Select(back)], singleIndices);
    }

    /// <summary>The case's backward in <typeparamref name="T"/> (compact indices for max) by the column quad engine and the one-input one, as doubles.</summary>
    private (double[] Quads, double[] Plain) BothBackward<T>(ForwardCase c, Func<float, T> convert, Func<T, double> back)
        where T : unmanaged
    {
        var x = c.Input().Select(convert).ToArray();
        var output = c.Reference(c.Input()).Shape;
        var g = c.GradOutput(output).Select(convert).ToArray();
        var form = c.IsMax ? IndexForm.Compact : IndexForm.Torch;
        var poison = convert(Poison.Value);
        var quads = c.RunBackward(TestEngine.Instance, x, g, c.Shape, output, form, poison);
        var plain = c.RunBackward(Defaults, x, g, c.Shape, output, form, poison);
        return ([.. quads.Select(back)], [.. plain.Select(back)]);
    }
}
