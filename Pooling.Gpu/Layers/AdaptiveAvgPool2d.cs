using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveAvgPool2d</c>; its backward is deterministic (PyTorch's CUDA one is not).</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's (H, W); null along a dimension keeps the input's size there.</param>
public sealed class AdaptiveAvgPool2d<T>(PoolingEngine engine, AdaptiveSize2 outputSize) : PoolLayer<T>(engine)
    where T : unmanaged
{
    /// <summary>The output's (H, W); null along a dimension keeps the input's size there.</summary>
    public AdaptiveSize2 OutputSize { get; } = outputSize;

    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => PoolingRules.AdaptiveOutputShape(input, OutputSize, "adaptive_avg_pool2d");

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream) =>
        Engine.AdaptiveAvgPool2d(input, OutputSize, output, stream);

    /// <inheritdoc/>
    protected override void RunBackward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        Engine.AdaptiveAvgPool2dBackward(gradOutput, gradInput, stream);
}
