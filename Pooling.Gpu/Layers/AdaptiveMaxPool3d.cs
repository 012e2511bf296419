namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveMaxPool3d</c>, with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's (D, H, W); null along a dimension keeps the input's size there.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AdaptiveMaxPool3d<T>(PoolingEngine engine, AdaptiveSize3 outputSize)
    : MaxPoolLayer<T>(engine, new AdaptiveMax(AdaptiveSize.Of3d("adaptive_max_pool3d", outputSize)))
    where T : unmanaged
{
    /// <summary>The output's (D, H, W); null along a dimension keeps the input's size there.</summary>
    public AdaptiveSize3 OutputSize { get; } = outputSize;
}
