using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: a layer's forward call of a new input shape that the engine then refused (an input
/// on another accelerator, a disposed one, a wrong output) had already freed the output tensor the
/// layer returned last time and replaced a max layer's indices. The caller's tensor was disposed by
/// a refused call, and backward of the last accepted forward failed ("gradInput has shape [1, 1, 4, 4],
/// but the forward max pooling had an input of shape [1, 1, 6, 6]"). A refused call now leaves the layer as it was.
/// </summary>
public sealed class LayerStateAfterRefusedForwardTests
{
    private static readonly TensorShape Shape = new(1, 2, 4, 4);

    private static IEnumerable<TestCaseData> Layers()
    {
        var max = new MaxPool2dOptions(2);
        var avg = new AvgPool2dOptions(2);
        yield return new TestCaseData((Func<PoolingEngine, PoolLayer<float>>)(e => new MaxPool2d<float>(e, max)), new PoolCase(MaxPoolOp.Of(max), Shape, DataKind.Ties)).SetName("MaxPool2d");
        yield return new TestCaseData((Func<PoolingEngine, PoolLayer<float>>)(e => new AvgPool2d<float>(e, avg)), new PoolCase(AvgPoolOp.Of(avg), Shape, DataKind.Random)).SetName("AvgPool2d");
        yield return new TestCaseData((Func<PoolingEngine, PoolLayer<float>>)(e => new GlobalMaxPool2d<float>(e)), new PoolCase(new GlobalOp(Max: true), Shape, DataKind.Ties)).SetName("GlobalMaxPool2d");
    }

    [TestCaseSource(nameof(Layers))]
    public void ARefusedForwardOfAnotherShapeLeavesTheLastOneUsable(Func<PoolingEngine, PoolLayer<float>> make, PoolCase c)
    {
        var engine = TestEngine.Instance;
        using var foreignEngine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        using var layer = make(engine);
        var x = c.Input();
        var expected = c.Reference(x);
        var g = c.GradOutput(expected.Shape);
        using var input = engine.Upload<float>(x, Shape);
        using var gradOutput = engine.Upload<float>(g, expected.Shape);
        var output = layer.Forward(input);
        var values = output.ToArray();

        var bigger = Shape.WithSpatial(6, 6);
        using var foreign = foreignEngine.Allocate<float>(bigger);
        using var wrongOutput = engine.Allocate<float>(bigger);
        Assert.Catch<ArgumentException>(() => layer.Forward(foreign));
        Assert.Catch<ArgumentException>(() => layer.Forward(engine.Allocate<float>(bigger), wrongOutput));

        Assert.That(output.IsDisposed, Is.False, "the output of the last accepted forward");
        Assert.That(output.ToArray(), Is.EqualTo(values).AsCollection);
        Assert.That(layer.InputShape, Is.EqualTo(Shape));
        var expectedGrad = c.ReferenceBackward(x, g);
        Expect.CloseAverages(layer.Backward(gradOutput).ToArray(), expectedGrad.Values, expectedGrad.Magnitudes, "backward of the last accepted forward");
    }
}
