using ILGPU;
using ILGPU.Runtime;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Samples;

/// <summary>
/// A small CNN classifier head and its training step: max pool (3x3, stride 2, padding 1) and
/// global average pool from Pooling.Gpu's layers, then a linear layer written as plain ILGPU
/// kernels, then softmax cross-entropy. Everything runs on one stream of the engine's
/// accelerator: the pooling calls and the linear kernels are enqueued behind each other, and
/// the head synchronizes only where the host needs the logits. Features flow into the linear
/// kernels and gradients back into the layers as views of the same buffers, never copies.
/// </summary>
internal sealed class ClassifierHead : IDisposable
{
    private readonly Accelerator accelerator;
    private readonly AcceleratorStream stream;
    private readonly MaxPool2d<float> pool;
    private readonly GlobalAvgPool2d<float> gap;
    private readonly int batch;
    private readonly int channels;
    private readonly int classes;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> weights;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> bias;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> gradWeights;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> gradBias;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> logits;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> gradLogits;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> gradFeatures;
    private readonly DeviceTensor<float> gradFeaturesTensor;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> forward;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int> weightGradient;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, int, int> biasGradient;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> inputGradient;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, float> sgd;
    private DeviceTensor<float>? features;

    /// <summary>A head for <paramref name="batch"/> maps of <paramref name="channels"/> channels and <paramref name="classes"/> classes, with small random weights.</summary>
    internal ClassifierHead(PoolingEngine engine, int batch, int channels, int classes, int seed)
    {
        accelerator = engine.Accelerator;
        stream = accelerator.CreateStream();
        pool = new MaxPool2d<float>(engine, new MaxPool2dOptions(3) { Stride = 2, Padding = 1 });
        gap = new GlobalAvgPool2d<float>(engine);
        (this.batch, this.channels, this.classes) = (batch, channels, classes);

        var random = new Random(seed);
        weights = accelerator.Allocate1D(Enumerable.Range(0, classes * channels).Select(_ => (random.NextSingle() - 0.5f) * 0.2f).ToArray());
        bias = accelerator.Allocate1D(new float[classes]);
        gradWeights = accelerator.Allocate1D<float>(classes * channels);
        gradBias = accelerator.Allocate1D<float>(classes);
        logits = accelerator.Allocate1D<float>(batch * classes);
        gradLogits = accelerator.Allocate1D<float>(batch * classes);
        gradFeatures = accelerator.Allocate1D<float>(batch * channels);
        gradFeaturesTensor = engine.Wrap(gradFeatures.View, new TensorShape(batch, channels, 1, 1));

        forward = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(LinearKernels.Forward);
        weightGradient = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int>(LinearKernels.WeightGradient);
        biasGradient = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(LinearKernels.BiasGradient);
        inputGradient = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(LinearKernels.InputGradient);
        sgd = accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>, float>(LinearKernels.Sgd);
    }

    /// <summary>The weights (classes, channels), row-major.</summary>
    internal float[] Weights => weights.GetAsArray1D();

    /// <summary>The bias, one per class.</summary>
    internal float[] Bias => bias.GetAsArray1D();

    /// <summary>d(loss)/d(weights) of the last <see cref="Backward"/>.</summary>
    internal float[] GradWeights => gradWeights.GetAsArray1D();

    /// <summary>d(loss)/d(bias) of the last <see cref="Backward"/>.</summary>
    internal float[] GradBias => gradBias.GetAsArray1D();

    /// <summary>The mean loss of <paramref name="maps"/> (N, C, H, W) against <paramref name="targets"/>; keeps what backward needs.</summary>
    internal double Forward(DeviceTensor<float> maps, int[] targets)
    {
        features = gap.Forward(pool.Forward(maps, stream), stream);
        forward(stream, new Index2D(batch, classes), features.View, weights.View, bias.View, logits.View, channels, classes);
        stream.Synchronize();
        var (loss, gradient) = SoftmaxCrossEntropy.Compute(logits.GetAsArray1D(), targets);
        gradLogits.CopyFromCPU(gradient);
        return loss;
    }

    /// <summary>
    /// Enqueues the gradients of the last <see cref="Forward"/>: of the linear layer's parameters,
    /// and through both pools of the maps.
    /// </summary>
    /// <returns>d(loss)/d(maps), a tensor of the max-pool layer, complete after <see cref="Synchronize"/>.</returns>
    internal DeviceTensor<float> Backward()
    {
        var pooledFeatures = features ?? throw new InvalidOperationException("Backward needs a forward call first.");
        weightGradient(stream, new Index2D(classes, channels), gradLogits.View, pooledFeatures.View, gradWeights.View, batch, channels, classes);
        biasGradient(stream, classes, gradLogits.View, gradBias.View, batch, classes);
        inputGradient(stream, new Index2D(batch, channels), gradLogits.View, weights.View, gradFeatures.View, channels, classes);
        return pool.Backward(gap.Backward(gradFeaturesTensor, stream), stream);
    }

    /// <summary>Waits for everything enqueued on the head's stream.</summary>
    internal void Synchronize() => stream.Synchronize();

    /// <summary>Enqueues one SGD step on the weights and bias, and waits for the step to finish.</summary>
    internal void Step(float rate)
    {
        sgd(stream, (int)weights.Length, weights.View, gradWeights.View, rate);
        sgd(stream, (int)bias.Length, bias.View, gradBias.View, rate);
        stream.Synchronize();
    }

    /// <summary>One training step: forward, backward, SGD; returns the loss before the update.</summary>
    internal double TrainStep(DeviceTensor<float> maps, int[] targets, float rate)
    {
        double loss = Forward(maps, targets);
        Backward();
        Step(rate);
        return loss;
    }

    public void Dispose()
    {
        gradFeaturesTensor.Dispose();
        foreach (var buffer in new[] { weights, bias, gradWeights, gradBias, logits, gradLogits, gradFeatures })
        {
            buffer.Dispose();
        }

        gap.Dispose();
        pool.Dispose();
        stream.Dispose();
    }
}
