namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AdaptiveAvgPool1d</c>; its backward is deterministic.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="outputSize">The output's length.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AdaptiveAvgPool1d<T>(PoolingEngine engine, int outputSize)
    : PoolLayer<T>(engine, new AdaptiveAverage(AdaptiveSize.Of1d("adaptive_avg_pool1d", outputSize)))
    where T : unmanaged
{
    /// <summary>The output's length.</summary>
    public int OutputSize { get; } = outputSize;
}
