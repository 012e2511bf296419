using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>Global average pooling as a layer (<c>nn.AdaptiveAvgPool2d(1)</c>, the head of most CNNs).</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
public sealed class GlobalAvgPool2d<T>(PoolingEngine engine) : PoolLayer<T>(engine)
    where T : unmanaged
{
    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => PoolingRules.AdaptiveOutputShape(input, 1, "adaptive_avg_pool2d");

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream) =>
        Engine.GlobalAvgPool2d(input, output, stream);

    /// <inheritdoc/>
    protected override void RunBackward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        Engine.GlobalAvgPool2dBackward(gradOutput, gradInput, stream);
}
