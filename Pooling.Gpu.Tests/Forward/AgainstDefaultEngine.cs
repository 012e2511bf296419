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

    /// <summary>Asserts that two runs of <see cref="MaxPoolAtOffset"/> agree in values, indices and gradients.</summary>
    protected static void AssertSame(MaxPoolRun actual, MaxPoolRun expected)
    {
        Assert.That(actual.Values, Is.EqualTo(expected.Values).AsCollection, "values");
        Assert.That(actual.Indices, Is.EqualTo(expected.Indices).AsCollection, "indices");
        Assert.That(actual.Gradient, Is.EqualTo(expected.Gradient).AsCollection, "gradients (the output as their gradient)");
    }
}

/// <summary>What <see cref="AgainstDefaultEngine.MaxPoolAtOffset"/> reads back from one engine.</summary>
public sealed record MaxPoolRun(float[] Values, long[] Indices, float[] Gradient);
