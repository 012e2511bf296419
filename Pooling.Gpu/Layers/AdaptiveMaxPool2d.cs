namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveMaxPool2d</c>, with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's (H, W); null along a dimension keeps the input's size there.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AdaptiveMaxPool2d<T>(PoolingEngine engine, AdaptiveSize2 outputSize)
    : MaxPoolLayer<T>(engine, new AdaptiveMax(AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize)))
    where T : unmanaged
{
    /// <summary>The output's (H, W); null along a dimension keeps the input's size there.</summary>
    public AdaptiveSize2 OutputSize { get; } = outputSize;
}
