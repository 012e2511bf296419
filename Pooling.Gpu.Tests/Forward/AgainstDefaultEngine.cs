using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A fixture that compares the shared test engine, which has every alternative kernel path on
/// (TestEngine), with an engine of the defaults on the same accelerator, made for the fixture.
/// </summary>
public abstract class AgainstDefaultEngine
{
    /// <summary>An engine with the defaults: one output, channel and column per thread.</summary>
    protected PoolingEngine Defaults { get; private set; } = null!;

    [OneTimeSetUp]
    public void CreateDefaultEngine() => Defaults = new PoolingEngine(TestEngine.Instance.Accelerator);

    [OneTimeTearDown]
    public void DisposeDefaultEngine() => Defaults.Dispose();

    /// <summary>
    /// max_pool2d with indices of <paramref name="x"/>, placed <paramref name="offset"/> elements
    /// into its buffer, and its backward with the output as gradient into a view at the same
    /// offset, by <paramref name="engine"/> into poisoned buffers; with the same by
    /// <see cref="Defaults"/> from unshifted buffers, and the names of the kernels
    /// <paramref name="engine"/> loaded.
    /// </summary>
    protected (MaxPoolRun Actual, MaxPoolRun Expected, string[] Kernels) MaxPoolAtOffset(
        PoolingEngine engine, float[] x, TensorShape shape, int offset, MaxPool2dOptions options)
    {
        var padded = new TensorShape(1, 1, 1, shape.Length + offset);
        using var buffer = engine.Upload<float>([.. Enumerable.Repeat(Poison.Value, offset), .. x], padded);
        using var output = Poison.Values(engine, options.OutputShape(shape));
        using var indices = Poison.Indices(engine, options.OutputShape(shape));
        engine.MaxPool2dWithIndices(engine.Wrap(buffer.View.SubView(offset, shape.Length), shape), options, output, indices);
        using var gradInput = engine.Upload<float>([.. Enumerable.Repeat(Poison.Value, (int)padded.Length)], padded);
        engine.MaxPool2dBackward(output, indices, options, engine.Wrap(gradInput.View.SubView(offset, shape.Length), shape));

        using var plain = Defaults.Upload<float>(x, shape);
        using var expected = Defaults.MaxPool2dWithIndices(plain, options);
        using var expectedGradient = Defaults.Allocate<float>(shape);
        Defaults.MaxPool2dBackward(expected.Output, expected.Indices, options, expectedGradient);
        return (
            new(output.ToArray(), indices.ToArray(), gradInput.ToArray()[offset..]),
            new(expected.Output.ToArray(), expected.Indices.ToArray(), expectedGradient.ToArray()),
            [.. engine.LoadedKernels.Select(KernelCatalog.NameOf)]);
    }

    /// <summary>Asserts that the test engine gives the case <see cref="Defaults"/>' fp32 values, bit for bit, and indices, on inputs in <paramref name="layout"/>.</summary>
    protected void AssertSameForwardBits(ForwardCase c, TensorLayout layout)
    {
        var x = c.Input();
        var input = c.Shape.WithLayout(layout);
        var output = c.Reference(x).Shape.WithLayout(layout);
        var (values, indices) = c.Run(TestEngine.Instance, x, input, output, Poison.Value);
        var (expectedValues, expectedIndices) = c.Run(Defaults, x, input, output, Poison.Value);
        Assert.Multiple(() =>
        {
            Assert.That(values.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedValues.Select(BitConverter.SingleToInt32Bits)).AsCollection, "values");
            Assert.That(indices, Is.EqualTo(expectedIndices).AsCollection, "indices");
        });
    }

    /// <summary>As <see cref="AssertSameForwardBits"/>, for the case's fp32 gradients, from both index forms for max.</summary>
    protected void AssertSameBackwardBits(ForwardCase c, TensorLayout layout)
    {
        var x = c.Input();
        var input = c.Shape.WithLayout(layout);
        var output = c.Reference(x).Shape.WithLayout(layout);
        var g = c.GradOutput(output);
        foreach (var form in c.IsMax ? new[] { IndexForm.Torch, IndexForm.Compact } : [IndexForm.Torch])
        {
            var actual = c.RunBackward(TestEngine.Instance, x, g, input, output, form, Poison.Value);
            var expected = c.RunBackward(Defaults, x, g, input, output, form, Poison.Value);
            Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)).AsCollection, $"{form} indices");
        }
    }

    /// <summary>
    /// Asserts that the test engine gives the case <see cref="Defaults"/>' values and indices in
    /// <paramref name="type"/> (fp16, bf16 or fp64), on inputs in <paramref name="layout"/>.
    /// </summary>
    protected void AssertSameForwardIn(ForwardCase c, ElementType type, TensorLayout layout)
    {
        var (actual, expected) = type switch
        {
            ElementType.Float16 => ForwardIn(c, layout, v => (ILGPU.Half)v, h => (float)h),
            ElementType.BFloat16 => ForwardIn(c, layout, v => (BFloat16)v, b => (float)b),
            _ => ForwardIn(c, layout, v => (double)v, d => d),
        };

        Assert.Multiple(() =>
        {
            Assert.That(actual.Values, Is.EqualTo(expected.Values).AsCollection, "values (NaN equals NaN)");
            Assert.That(actual.Indices, Is.EqualTo(expected.Indices).AsCollection, "indices");
        });
    }

    /// <summary>As <see cref="AssertSameForwardIn"/>, for the case's backward (compact indices for max).</summary>
    protected void AssertSameBackwardIn(ForwardCase c, ElementType type, TensorLayout layout)
    {
        var (actual, expected) = type switch
        {
            ElementType.Float16 => BackwardIn(c, layout, v => (ILGPU.Half)v, h => (float)h),
            ElementType.BFloat16 => BackwardIn(c, layout, v => (BFloat16)v, b => (float)b),
            _ => BackwardIn(c, layout, v => (double)v, d => d),
        };

        Assert.That(actual, Is.EqualTo(expected).AsCollection, "gradients (NaN equals NaN)");
    }

    /// <summary>Asserts that two runs of <see cref="MaxPoolAtOffset"/> agree in values, indices and gradients.</summary>
    protected static void AssertSame(MaxPoolRun actual, MaxPoolRun expected)
    {
        Assert.That(actual.Values, Is.EqualTo(expected.Values).AsCollection, "values");
        Assert.That(actual.Indices, Is.EqualTo(expected.Indices).AsCollection, "indices");
        Assert.That(actual.Gradient, Is.EqualTo(expected.Gradient).AsCollection, "gradients (the output as their gradient)");
    }

    /// <summary>The case's forward in <typeparamref name="T"/> by the test engine and by <see cref="Defaults"/>, values as doubles.</summary>
    private ((double[] Values, long[]? Indices) Actual, (double[] Values, long[]? Indices) Expected) ForwardIn<T>(
        ForwardCase c, TensorLayout layout, Func<float, T> convert, Func<T, double> back)
        where T : unmanaged
    {
        var x = c.Input().Select(convert).ToArray();
        var input = c.Shape.WithLayout(layout);
        var output = c.Reference(c.Input()).Shape.WithLayout(layout);
        var poison = convert(Poison.Value);
        var (values, indices) = c.Run(TestEngine.Instance, x, input, output, poison);
        var (expectedValues, expectedIndices) = c.Run(Defaults, x, input, output, poison);
        return (([.. values.Select(back)], indices), ([.. expectedValues.Select(back)], expectedIndices));
    }

    /// <summary>The case's backward in <typeparamref name="T"/> by the test engine and by <see cref="Defaults"/>, as doubles.</summary>
    private (double[] Actual, double[] Expected) BackwardIn<T>(ForwardCase c, TensorLayout layout, Func<float, T> convert, Func<T, double> back)
        where T : unmanaged
    {
        var x = c.Input().Select(convert).ToArray();
        var input = c.Shape.WithLayout(layout);
        var output = c.Reference(c.Input()).Shape.WithLayout(layout);
        var g = c.GradOutput(output).Select(convert).ToArray();
        var form = c.IsMax ? IndexForm.Compact : IndexForm.Torch;
        var poison = convert(Poison.Value);
        var actual = c.RunBackward(TestEngine.Instance, x, g, input, output, form, poison);
        var expected = c.RunBackward(Defaults, x, g, input, output, form, poison);
        return ([.. actual.Select(back)], [.. expected.Select(back)]);
    }
}

/// <summary>What <see cref="AgainstDefaultEngine.MaxPoolAtOffset"/> reads back from one engine.</summary>
public sealed record MaxPoolRun(float[] Values, long[] Indices, float[] Gradient);
