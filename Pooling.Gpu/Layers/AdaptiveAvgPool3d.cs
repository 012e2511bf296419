namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveAvgPool3d</c>; its backward is deterministic.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's (D, H, W); null along a dimension keeps the input's size there.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AdaptiveAvgPool3d<T>(PoolingEngine engine, AdaptiveSize3 outputSize)
    : PoolLayer<T>(engine, new AdaptiveAverage(AdaptiveSize.Of3d("adaptive_avg_pool3d", outputSize)))
    where T : unmanaged
{
    /// <summary>The output's (D, H, W); null along a dimension keeps the input's size there.</summary>
    public AdaptiveSize3 OutputSize { get; } = outputSize;
}
