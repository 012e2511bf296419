using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// What a layer keeps: buffers of a shape that a whole training step did not use are freed when
/// the next one begins, inference calls between training steps (a validation pass) reuse the
/// training buffers and leave them for the next step, and a step's tape and buffer shelves
/// allocate no managed memory either.
/// </summary>
public sealed class LayerMemoryTests
{
    private static readonly TensorShape Large = new(1, 2, 8, 8);
    private static readonly TensorShape Small = new(1, 2, 6, 6);

    [Test]
    public void BuffersOfAShapeNoLongerInUseAreFreedAfterAWholeStep()
    {
        var engine = TestEngine.Instance;
        using var layer = new MaxPool2d<float>(engine, new MaxPool2dOptions(2));
        using var large = engine.Upload<float>(TestData.Make(Large.Length, DataKind.Random, 51), Large);
        using var small = engine.Upload<float>(TestData.Make(Small.Length, DataKind.Random, 52), Small);

        var (largeOutput, largeGrad) = Step(layer, large);
        var (smallOutput, _) = Step(layer, small);
        Assert.That(largeOutput.IsDisposed || largeGrad.IsDisposed, Is.False, "kept through the step that did not use them");
        Step(layer, small);
        Assert.Multiple(() =>
        {
            Assert.That(largeOutput.IsDisposed && largeGrad.IsDisposed, Is.True, "freed once a whole step went without them");
            Assert.That(smallOutput.IsDisposed, Is.False, "the shape in use stays");
        });

        long allocations = layer.DeviceAllocations;
        Step(layer, large);
        Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations + 3), "the large shape's output, indices and gradient again");
    }

    [Test]
    public void InferenceBetweenTrainingStepsAllocatesNothing()
    {
        var engine = TestEngine.Instance;
        using var layer = new MaxPool2d<float>(engine, new MaxPool2dOptions(2));
        using var input = engine.Upload<float>(TestData.Make(Large.Length, DataKind.Random, 53), Large);
        var (output, gradInput) = Step(layer, input);
        long allocations = layer.DeviceAllocations;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            layer.Training = false;
            layer.Forward(input);
            layer.Forward(input);
            layer.Training = true;
            var (again, gradAgain) = Step(layer, input);
            Assert.Multiple(() =>
            {
                Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), $"epoch {epoch}");
                Assert.That(again, Is.SameAs(output));
                Assert.That(gradAgain, Is.SameAs(gradInput));
            });
        }
    }

    /// <summary>
    /// A step with the layer used twice allocates no more managed memory than the same four engine
    /// calls into tensors made once (ILGPU's CPU launches allocate their task objects in both).
    /// </summary>
    [Test]
    public void ATrainingStepAllocatesNoManagedMemoryBeyondItsEngineCalls()
    {
        var engine = TestEngine.Instance;
        var options = new MaxPool2dOptions(2);
        using var layer = new MaxPool2d<float>(engine, options);
        using var input = engine.Upload<float>(TestData.Make(Large.Length, DataKind.Random, 54), Large);
        var once = options.OutputShape(Large);
        var twice = options.OutputShape(once);
        using var gradOutput = engine.Upload<float>(TestData.Make(twice.Length, DataKind.Random, 55), twice);
        long layerBytes = HostPathTests.AllocatedBytes(() =>
        {
            layer.Forward(layer.Forward(input));
            layer.Backward(layer.Backward(gradOutput));
        });

        using var onceOutput = engine.Allocate<float>(once);
        using var twiceOutput = engine.Allocate<float>(twice);
        using var gradOnce = engine.Allocate<float>(once);
        using var gradInput = engine.Allocate<float>(Large);
        using var onceIndices = engine.AllocateMaxPoolIndices(Large, options);
        using var twiceIndices = engine.AllocateMaxPoolIndices(once, options);
        long engineBytes = HostPathTests.AllocatedBytes(() =>
        {
            engine.MaxPool2d(input, options, onceOutput, onceIndices);
            engine.MaxPool2d(onceOutput, options, twiceOutput, twiceIndices);
            engine.MaxPoolBackward(gradOutput, twiceIndices, gradOnce);
            engine.MaxPoolBackward(gradOnce, onceIndices, gradInput);
        });

        Assert.That(layerBytes - engineBytes, Is.LessThanOrEqualTo(800), $"layer step {layerBytes} bytes, engine calls {engineBytes}");
    }

    /// <summary>
    /// The same for a fractional max pooling layer drawing new windows on every call: its seeds
    /// travel on the tape, not in new options objects. Its forward calls check the output shape
    /// once more than the engine's, and the fractional options' check allocates (its messages'
    /// sizes), so the engine side makes those two checks too.
    /// </summary>
    [Test]
    public void AFractionalTrainingStepAllocatesNoManagedMemoryBeyondItsEngineCalls()
    {
        var engine = TestEngine.Instance;
        var options = new FractionalMaxPool2dOptions(2) { OutputRatio = 0.5 };
        using var layer = new FractionalMaxPool2d<float>(engine, options);
        using var input = engine.Upload<float>(TestData.Make(Large.Length, DataKind.Random, 56), Large);
        var once = options.OutputShape(Large);
        var twice = options.OutputShape(once);
        using var gradOutput = engine.Upload<float>(TestData.Make(twice.Length, DataKind.Random, 57), twice);
        long layerBytes = HostPathTests.AllocatedBytes(() =>
        {
            layer.Forward(layer.Forward(input));
            layer.Backward(layer.Backward(gradOutput));
        });

        using var onceOutput = engine.Allocate<float>(once);
        using var twiceOutput = engine.Allocate<float>(twice);
        using var gradOnce = engine.Allocate<float>(once);
        using var gradInput = engine.Allocate<float>(Large);
        using var onceIndices = engine.Allocate<long>(once);
        using var twiceIndices = engine.Allocate<long>(twice);
        long engineBytes = HostPathTests.AllocatedBytes(() =>
        {
            engine.FractionalMaxPool2dWithIndices(input, options, onceOutput, onceIndices);
            engine.FractionalMaxPool2dWithIndices(onceOutput, options, twiceOutput, twiceIndices);
            engine.FractionalMaxPool2dBackward(gradOutput, twiceIndices, options, gradOnce);
            engine.FractionalMaxPool2dBackward(gradOnce, onceIndices, options, gradInput);
            options.OutputShape(Large);
            options.OutputShape(once);
        });

        Assert.That(layerBytes - engineBytes, Is.LessThanOrEqualTo(800), $"layer step {layerBytes} bytes, engine calls {engineBytes}");
    }

    private static (DeviceTensor<float> Output, DeviceTensor<float> GradInput) Step(MaxPool2d<float> layer, DeviceTensor<float> input)
    {
        var output = layer.Forward(input);
        using var gradOutput = layer.Engine.Upload<float>(new float[output.Shape.Length], output.Shape);
        return (output, layer.Backward(gradOutput));
    }
}
