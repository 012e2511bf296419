namespace Pooling.Gpu.Layers;

/// <summary>Global max pooling as a layer (<c>nn.AdaptiveMaxPool2d(1)</c>), with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class GlobalMaxPool2d<T>(PoolingEngine engine) : MaxPoolLayer<T>(engine, new GlobalMax())
    where T : unmanaged;
