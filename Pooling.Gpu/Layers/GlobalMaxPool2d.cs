using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>Global max pooling as a layer (<c>nn.AdaptiveMaxPool2d(1)</c>), with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
public sealed class GlobalMaxPool2d<T>(PoolingEngine engine) : MaxPoolLayer<T>(engine)
    where T : unmanaged
{
    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => PoolingRules.AdaptiveOutputShape(input, 1, "adaptive_max_pool2d");

    /// <inheritdoc/>
    protected override MaxPoolIndices AllocateIndices(TensorShape input) => Engine.AllocateGlobalMaxPoolIndices(input);

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream) =>
        Engine.GlobalMaxPool2d(input, output, indices, stream);
}
