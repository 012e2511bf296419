namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.MaxPool3d</c>: max pooling with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class MaxPool3d<T>(PoolingEngine engine, MaxPool3dOptions options) : MaxPoolLayer<T>(engine, new WindowMax(options))
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public MaxPool3dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
