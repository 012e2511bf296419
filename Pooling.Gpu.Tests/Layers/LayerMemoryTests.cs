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
        using var onceIndices = engine.AllocateMaxPoolIndices(Large, options);
        using var twiceIndices = engine.AllocateMaxPoolIndices(options.OutputShape(Large), options);
        ExpectNoMoreThanTheEngine(new MaxPool2d<float>(engine, options), options.OutputShape, t =>
        {
            engine.MaxPool(t.Input, options, t.Once, onceIndices);
            engine.MaxPool(t.Once, options, t.Twice, twiceIndices);
            engine.MaxPoolBackward(t.GradOutput, twiceIndices, t.GradOnce);
            engine.MaxPoolBackward(t.GradOnce, onceIndices, t.GradInput);
        });
    }

    /// <summary>
    /// The same for a fractional max pooling layer drawing new windows on every call: its seeds
    /// travel on the tape, not in new options objects.
    /// </summary>
    [Test]
    public void AFractionalTrainingStepAllocatesNoManagedMemoryBeyondItsEngineCalls()
    {
        var engine = TestEngine.Instance;
        var options = new FractionalMaxPool2dOptions(2) { OutputRatio = 0.5 };
        ExpectNoMoreThanTheEngine(new FractionalMaxPool2d<float>(engine, options), options.OutputShape, t =>
        {
            engine.FractionalMaxPool2dWithIndices(t.Input, options, t.Once, t.OnceIndices);
            engine.FractionalMaxPool2dWithIndices(t.Once, options, t.Twice, t.TwiceIndices);
            engine.FractionalMaxPool2dBackward(t.GradOutput, t.TwiceIndices, options, t.GradOnce);
            engine.FractionalMaxPool2dBackward(t.GradOnce, t.OnceIndices, options, t.GradInput);
        });
    }

    /// <summary>A step of <c>layer(layer(x))</c> and both backward calls, against <paramref name="engineCalls"/> into tensors made once: at most 800 bytes more over the measured steps.</summary>
    private static void ExpectNoMoreThanTheEngine(PoolLayer<float> layer, Func<TensorShape, TensorShape> outputShape, Action<ChainTensors> engineCalls)
    {
        using var owned = layer;
        using var t = new ChainTensors(layer.Engine, Large, outputShape(Large), outputShape(outputShape(Large)));
        long layerBytes = HostPathTests.AllocatedBytes(() =>
        {
            layer.Forward(layer.Forward(t.Input));
            layer.Backward(layer.Backward(t.GradOutput));
        });
        long engineBytes = HostPathTests.AllocatedBytes(() => engineCalls(t));
        Assert.That(layerBytes - engineBytes, Is.LessThanOrEqualTo(800), $"layer step {layerBytes} bytes, engine calls {engineBytes}");
    }

    private static (DeviceTensor<float> Output, DeviceTensor<float> GradInput) Step(MaxPool2d<float> layer, DeviceTensor<float> input)
    {
        var output = layer.Forward(input);
        using var gradOutput = layer.Engine.Upload<float>(new float[output.Shape.Length], output.Shape);
        return (output, layer.Backward(gradOutput));
    }

    /// <summary>The tensors of a chain of two calls for the engine: random input and output gradient, the rest uninitialised.</summary>
    private sealed class ChainTensors(PoolingEngine engine, TensorShape input, TensorShape once, TensorShape twice) : IDisposable
    {
        public DeviceTensor<float> Input { get; } = engine.Upload<float>(TestData.Make(input.Length, DataKind.Random, 54), input);

        public DeviceTensor<float> GradOutput { get; } = engine.Upload<float>(TestData.Make(twice.Length, DataKind.Random, 55), twice);

        public DeviceTensor<float> Once { get; } = engine.Allocate<float>(once);

        public DeviceTensor<float> Twice { get; } = engine.Allocate<float>(twice);

        public DeviceTensor<float> GradOnce { get; } = engine.Allocate<float>(once);

        public DeviceTensor<float> GradInput { get; } = engine.Allocate<float>(input);

        public DeviceTensor<long> OnceIndices { get; } = engine.Allocate<long>(once);

        public DeviceTensor<long> TwiceIndices { get; } = engine.Allocate<long>(twice);

        public void Dispose()
        {
            foreach (var tensor in new IDisposable[] { Input, GradOutput, Once, Twice, GradOnce, GradInput, OnceIndices, TwiceIndices })
            {
                tensor.Dispose();
            }
        }
    }
}
