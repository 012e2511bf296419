namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveMaxPool1d</c>, with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's length.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AdaptiveMaxPool1d<T>(PoolingEngine engine, int outputSize)
    : MaxPoolLayer<T>(engine, new AdaptiveMax(AdaptiveSize.Of1d("adaptive_max_pool1d", outputSize)))
    where T : unmanaged
{
    /// <summary>The output's length.</summary>
    public int OutputSize { get; } = outputSize;
}
