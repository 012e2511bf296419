using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>The layer objects: forward keeps what backward needs; a training loop reuses the same buffers and gets the same bits.</summary>
public sealed class LayerTests
{
    private static readonly TensorShape Shape = new(2, 3, 9, 11);

    /// <summary>Each layer with the forward case that describes the same op, for the reference.</summary>
    private static IEnumerable<TestCaseData> Layers()
    {
        var max = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
        var avg = new AvgPool2dOptions(3) { Stride = 1, Padding = 1, CountIncludePad = false };
        yield return Case("MaxPool2d", e => new MaxPool2d<float>(e, max), new ForwardCase(PoolOp.MaxPool2d, Shape, DataKind.Special, Max: max));
        yield return Case("AvgPool2d", e => new AvgPool2d<float>(e, avg), new ForwardCase(PoolOp.AvgPool2d, Shape, DataKind.Random, Avg: avg));
        yield return Case("AdaptiveMaxPool2d", e => new AdaptiveMaxPool2d<float>(e, (4, 5)), new ForwardCase(PoolOp.AdaptiveMaxPool2d, Shape, DataKind.Ties, OutputSize: (4, 5)));
        yield return Case("AdaptiveAvgPool2d", e => new AdaptiveAvgPool2d<float>(e, (4, 5)), new ForwardCase(PoolOp.AdaptiveAvgPool2d, Shape, DataKind.Random, OutputSize: (4, 5)));
        yield return Case("GlobalMaxPool2d", e => new GlobalMaxPool2d<float>(e), new ForwardCase(PoolOp.GlobalMaxPool2d, Shape, DataKind.Special));
        yield return Case("GlobalAvgPool2d", e => new GlobalAvgPool2d<float>(e), new ForwardCase(PoolOp.GlobalAvgPool2d, Shape, DataKind.Random));

        static TestCaseData Case(string name, Func<PoolingEngine, PoolLayer<float>> make, ForwardCase c) => new TestCaseData(make, c).SetName(name);
    }

    [TestCaseSource(nameof(Layers))]
    public void ATrainingLoopReusesItsBuffersAndRepeatsItself(Func<PoolingEngine, PoolLayer<float>> make, ForwardCase c)
    {
        var engine = TestEngine.Instance;
        using var layer = make(engine);
        var x = c.Input();
        var expected = c.Reference(x);
        var g = c.GradOutput(expected.Shape);
        var expectedGrad = c.ReferenceBackward(x, g);
        using var input = engine.Upload<float>(x, c.Shape);
        using var gradOutput = engine.Upload<float>(g, expected.Shape);

        DeviceTensor<float>? firstOutput = null, firstGrad = null;
        MaxPoolIndices? firstIndices = null;
        int[]? firstBits = null;
        for (int step = 0; step < 3; step++)
        {
            var output = layer.Forward(input);
            var gradInput = layer.Backward(gradOutput);
            var values = output.ToArray();
            if (c.IsMax)
            {
                Expect.ExactMax(values, null, expected.Values, expected.Indices, $"step {step} forward");
            }
            else
            {
                Expect.CloseAverages(values, expected.Values, expected.Magnitudes, $"step {step} forward");
            }

            var grad = gradInput.ToArray();
            Expect.CloseAverages(grad, expectedGrad.Values, expectedGrad.Magnitudes, $"step {step} backward");
            var bits = values.Concat(grad).Select(BitConverter.SingleToInt32Bits).ToArray();
            firstBits ??= bits;
            Assert.That(bits, Is.EqualTo(firstBits).AsCollection, $"step {step} repeats step 0 bit for bit");

            firstOutput ??= output;
            firstGrad ??= gradInput;
            firstIndices ??= (layer as MaxPoolLayer<float>)?.Indices;
            Assert.Multiple(() =>
            {
                Assert.That(output, Is.SameAs(firstOutput), "the output buffer is reused");
                Assert.That(gradInput, Is.SameAs(firstGrad), "the gradient buffer is reused");
                Assert.That((layer as MaxPoolLayer<float>)?.Indices, Is.SameAs(firstIndices), "the indices are reused");
            });
        }
    }

    [TestCaseSource(nameof(Layers))]
    public void CallersBuffersAndANewShapeWork(Func<PoolingEngine, PoolLayer<float>> make, ForwardCase c)
    {
        var engine = TestEngine.Instance;
        using var layer = make(engine);
        var smaller = c with { Shape = new TensorShape(1, 2, 7, 8) };
        foreach (var current in new[] { c, smaller })
        {
            var x = current.Input();
            var expected = current.Reference(x);
            var g = current.GradOutput(expected.Shape);
            using var input = engine.Upload<float>(x, current.Shape);
            using var output = Poison.Values(engine, expected.Shape);
            using var gradOutput = engine.Upload<float>(g, expected.Shape);
            using var gradInput = Poison.Values(engine, current.Shape);
            layer.Forward(input, output);
            layer.Backward(gradOutput, gradInput);
            Assert.That(layer.InputShape, Is.EqualTo(current.Shape));
            var expectedGrad = current.ReferenceBackward(x, g);
            Expect.CloseAverages(gradInput.ToArray(), expectedGrad.Values, expectedGrad.Magnitudes, $"{current.Name} backward into the caller's buffer");
        }
    }

    [Test]
    public void BackwardNeedsAForwardAndTheRightShapes()
    {
        var engine = TestEngine.Instance;
        using var layer = new MaxPool2d<float>(engine, new MaxPool2dOptions(2));
        using var gradOutput = engine.Allocate<float>(new TensorShape(1, 1, 2, 2));
        Assert.That(Assert.Throws<InvalidOperationException>(() => layer.Backward(gradOutput))!.Message, Does.StartWith("Backward needs a forward call first:"));

        using var input = engine.Upload<float>(new float[16], new TensorShape(1, 1, 4, 4));
        layer.Forward(input);
        using var wrongGrad = engine.Allocate<float>(new TensorShape(1, 1, 3, 2));
        OptionValidationTests.AssertRejected(() => layer.Backward(wrongGrad), "gradOutput", "gradOutput has shape [1, 1, 3, 2], but max pooling of an input of shape [1, 1, 4, 4] gives [1, 1, 2, 2].");
        using var wrongInput = engine.Allocate<float>(new TensorShape(1, 1, 4, 5));
        OptionValidationTests.AssertRejected(() => layer.Backward(gradOutput, wrongInput), "gradInput", "gradInput has shape [1, 1, 4, 5], but the forward call this backward belongs to (the last one without its backward) had an input of shape [1, 1, 4, 4].");

        layer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => layer.Forward(input));
    }
}
