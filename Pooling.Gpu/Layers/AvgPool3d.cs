namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AvgPool3d</c>.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class AvgPool3d<T>(PoolingEngine engine, AvgPool3dOptions options) : PoolLayer<T>(engine, new WindowAverage(options))
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public AvgPool3dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
