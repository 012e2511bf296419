namespace Pooling.Gpu.Layers;

/// <summary>Global average pooling as a layer (<c>nn.AdaptiveAvgPool2d(1)</c>, the head of most CNNs).</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class GlobalAvgPool2d<T>(PoolingEngine engine) : PoolLayer<T>(engine, new GlobalAverage())
    where T : unmanaged;
