using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveMaxPool2d</c>, with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's (H, W); null along a dimension keeps the input's size there.</param>
public sealed class AdaptiveMaxPool2d<T>(PoolingEngine engine, AdaptiveSize2 outputSize) : MaxPoolLayer<T>(engine)
    where T : unmanaged
{
    /// <summary>The output's (H, W); null along a dimension keeps the input's size there.</summary>
    public AdaptiveSize2 OutputSize { get; } = outputSize;

    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => PoolingRules.AdaptiveOutputShape(input, OutputSize, "adaptive_max_pool2d");

    /// <inheritdoc/>
    protected override MaxPoolIndices AllocateIndices(TensorShape input) => Engine.AllocateAdaptiveMaxPoolIndices(input, OutputSize);

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream) =>
        Engine.AdaptiveMaxPool2d(input, OutputSize, output, indices, stream);
}
