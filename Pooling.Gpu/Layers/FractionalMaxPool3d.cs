namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.FractionalMaxPool3d</c>, with PyTorch-form indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, output size or ratio; its seed is the first forward call's.</param>
/// <param name="samples">PyTorch's <c>_random_samples</c>: (N', C, 3) channels-first, N' at least the inputs' N, each plane's (t, h, w) in [0, 1); every forward call pools over their windows. Null: each call draws its own.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class FractionalMaxPool3d<T>(PoolingEngine engine, FractionalMaxPool3dOptions options, DeviceTensor<T>? samples = null)
    : FractionalMaxPoolLayer<T>(engine, new Fractional(options, samples), samples)
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public FractionalMaxPool3dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
