using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every layer, forward and backward, against the float64 reference: into poisoned tensors of the
/// caller, for two input shapes; and in tensors of its own through a training loop, which reuses
/// the same tensors (poisoned between steps, so each step must write them all) and repeats itself
/// bit for bit. Also the rules of steps: each backward takes the last forward call without one.
/// </summary>
public sealed class LayerTests
{
    private static IEnumerable<TestCaseData> Cases => LayerCases.Data(LayerCases.All);

    [TestCaseSource(nameof(Cases))]
    public void CallersTensorsGetTheReference(LayerCase c)
    {
        var engine = TestEngine.Instance;
        using var layer = c.Make(engine);
        foreach (var shape in new[] { c.Shape, c.Other })
        {
            var x = c.Input(shape);
            var expected = c.Reference(x, shape);
            var g = c.GradOutput(expected.Shape);
            using var input = engine.Upload<float>(x, shape);
            using var indices = c.UploadIndices(engine, shape);
            using var output = Poison.Values(engine, expected.Shape);
            using var gradOutput = engine.Upload<float>(g, expected.Shape);
            using var gradInput = Poison.Values(engine, shape);
            LayerCase.Forward(layer, input, indices, output);
            c.ExpectOutput(output.ToArray(), expected, $"{shape} forward");
            ExpectIndices(layer, expected, $"{shape} compact indices");
            layer.Backward(gradOutput, gradInput);
            var expectedGrad = c.ReferenceBackward(x, g, shape);
            Expect.CloseAverages(gradInput.ToArray(), expectedGrad.Values, expectedGrad.Magnitudes, $"{shape} backward");
            Assert.That(layer.InputShape, Is.EqualTo(shape));
        }
    }

    /// <summary>The layer's forward (and its indices, in PyTorch's form) and backward are the bits of the engine's calls of its op.</summary>
    [TestCaseSource(nameof(Cases))]
    public void TheEngineCallsGiveTheSameBits(LayerCase c)
    {
        var engine = TestEngine.Instance;
        using var layer = c.Make(engine);
        foreach (var shape in new[] { c.Shape, c.Other })
        {
            var op = c.OpOf(shape);
            var outputShape = c.Reference(c.Input(shape), shape).Shape;
            using var input = engine.Upload<float>(c.Input(shape), shape);
            using var indices = c.UploadIndices(engine, shape);
            using var gradOutput = engine.Upload<float>(c.GradOutput(outputShape), outputShape);
            using var output = Poison.Values(engine, outputShape);
            using var gradInput = Poison.Values(engine, shape);
            LayerCase.Forward(layer, input, indices, output);
            var layerIndices = LayerCase.TorchIndices(layer, outputShape);
            layer.Backward(gradOutput, gradInput);

            using var engineOutput = Poison.Values(engine, outputShape);
            using var engineIndices = op.IsMax ? Poison.Indices(engine, outputShape) : null;
            using var engineGrad = Poison.Values(engine, shape);
            op.Forward(engine, input, engineOutput, engineIndices);
            op.Backward(engine, input, gradOutput, engineGrad, layer is MaxPoolLayer<float> ? IndexForm.Compact : IndexForm.Torch);
            Assert.Multiple(() =>
            {
                Assert.That(Bits(output.ToArray()), Is.EqualTo(Bits(engineOutput.ToArray())).AsCollection, $"{shape} forward");
                Assert.That(layerIndices, Is.EqualTo(engineIndices?.ToArray()).AsCollection, $"{shape} indices");
                Assert.That(Bits(gradInput.ToArray()), Is.EqualTo(Bits(engineGrad.ToArray())).AsCollection, $"{shape} backward");
            });
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ATrainingLoopReusesItsTensorsAndRepeatsItself(LayerCase c)
    {
        var engine = TestEngine.Instance;
        using var layer = c.Make(engine);
        var x = c.Input(c.Shape);
        var expected = c.Reference(x, c.Shape);
        var g = c.GradOutput(expected.Shape);
        var expectedGrad = c.ReferenceBackward(x, g, c.Shape);
        using var input = engine.Upload<float>(x, c.Shape);
        using var indices = c.UploadIndices(engine, c.Shape);
        using var gradOutput = engine.Upload<float>(g, expected.Shape);

        DeviceTensor<float>? firstOutput = null, firstGrad = null;
        int[]? firstBits = null;
        long allocations = 0;
        for (int step = 0; step < 3; step++)
        {
            var output = LayerCase.Forward(layer, input, indices);
            var gradInput = layer.Backward(gradOutput);
            var values = output.ToArray();
            var grad = gradInput.ToArray();
            c.ExpectOutput(values, expected, $"step {step} forward");
            Expect.CloseAverages(grad, expectedGrad.Values, expectedGrad.Magnitudes, $"step {step} backward");
            var bits = values.Concat(grad).Select(BitConverter.SingleToInt32Bits).ToArray();
            firstBits ??= bits;
            Assert.That(bits, Is.EqualTo(firstBits).AsCollection, $"step {step} repeats step 0 bit for bit");

            (firstOutput, firstGrad) = (firstOutput ?? output, firstGrad ?? gradInput);
            allocations = step == 0 ? layer.DeviceAllocations : allocations;
            Assert.Multiple(() =>
            {
                Assert.That(output, Is.SameAs(firstOutput), "the output tensor is reused");
                Assert.That(gradInput, Is.SameAs(firstGrad), "the gradient tensor is reused");
                Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), "device allocations after step 0");
            });
            output.CopyFrom(Poisoned(output.Shape));
            gradInput.CopyFrom(Poisoned(gradInput.Shape));
        }
    }

    [Test]
    public void EachBackwardTakesTheLastForwardCallWithoutOne()
    {
        var engine = TestEngine.Instance;
        using var layer = new MaxPool2d<float>(engine, new MaxPool2dOptions(2));
        using var gradOutput = engine.Allocate<float>(new TensorShape(1, 1, 2, 2));
        Assert.That(Assert.Throws<InvalidOperationException>(() => layer.Backward(gradOutput))!.Message, Does.StartWith("Backward needs a forward call first:"));

        using var input = engine.Upload<float>(new float[16], new TensorShape(1, 1, 4, 4));
        using var wider = engine.Upload<float>(new float[24], new TensorShape(1, 1, 4, 6));
        layer.Forward(input);
        layer.Forward(wider);
        Assert.That(layer.PendingBackwardCount, Is.EqualTo(2));
        OptionValidationTests.AssertRejected(
            () => layer.Backward(gradOutput),
            "gradOutput",
            "gradOutput has shape [1, 1, 2, 2], but max pooling of an input of shape [1, 1, 4, 6] gives [1, 1, 2, 3].");
        using var gradOfWider = engine.Allocate<float>(new TensorShape(1, 1, 2, 3));
        using var wrongInput = engine.Allocate<float>(new TensorShape(1, 1, 4, 4));
        OptionValidationTests.AssertRejected(
            () => layer.Backward(gradOfWider, wrongInput),
            "gradInput",
            "gradInput has shape [1, 1, 4, 4], but the forward call this backward belongs to (the last one without its backward) had an input of shape [1, 1, 4, 6].");
        Assert.That(layer.PendingBackwardCount, Is.EqualTo(2), "refused calls take no forward call");

        Assert.That(layer.Backward(gradOfWider).Shape, Is.EqualTo(wider.Shape), "the last forward call first");
        Assert.That(layer.Backward(gradOutput).Shape, Is.EqualTo(input.Shape));
        Assert.Throws<InvalidOperationException>(() => layer.Backward(gradOutput), "two forward calls, two backward calls");

        layer.Forward(input);
        layer.Forward(input);
        layer.Backward(gradOutput);
        layer.Forward(wider);
        Assert.That(layer.PendingBackwardCount, Is.EqualTo(1), "a forward call after a backward begins a step: the last one's calls without backward are dropped");

        layer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => layer.Forward(input));
        Assert.Throws<ObjectDisposedException>(() => layer.Backward(gradOutput));
    }

    [Test]
    public void InInferenceAForwardCallKeepsNothingAndItsOutputLastsUntilTheNext()
    {
        var engine = TestEngine.Instance;
        var options = new AvgPool2dOptions(3) { Stride = 1, Padding = 1 };
        var shape = new TensorShape(1, 2, 5, 6);
        var x = TestData.Make(shape.Length, DataKind.Random, 41);
        using var input = engine.Upload<float>(x, shape);
        using var layer = new AvgPool2d<float>(engine, options) { Training = false };

        // The same shape in and out: the second call reads the first's output and must not write over it.
        var once = layer.Forward(input);
        var twice = layer.Forward(once);
        Assert.That(twice, Is.Not.SameAs(once));
        var windows = ReferencePooling.AvgPool2d(shape, 3, 1, 1, false, true, null);
        var first = ReferencePooling.Average(x, windows, shape);
        var second = ReferencePooling.Average([.. first.Values.Select(v => (float)v)], windows, shape);
        Expect.CloseAverages(twice.ToArray(), second.Values, second.Magnitudes, "avg_pool2d twice in inference");

        Assert.That(layer.PendingBackwardCount, Is.Zero);
        using var gradOutput = engine.Allocate<float>(shape);
        Assert.That(Assert.Throws<InvalidOperationException>(() => layer.Backward(gradOutput))!.Message, Does.Contain("Training is false"));
    }

    /// <summary>A max layer's indices of its last call, in PyTorch's form, are the reference's.</summary>
    private static void ExpectIndices(Layer<float> layer, ReferenceResult expected, string what)
    {
        if (LayerCase.TorchIndices(layer, expected.Shape) is { } indices)
        {
            Assert.That(indices, Is.EqualTo(expected.Indices).AsCollection, what);
        }
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    private static float[] Poisoned(TensorShape shape) => [.. Enumerable.Repeat(Poison.Value, checked((int)shape.Length))];
}
