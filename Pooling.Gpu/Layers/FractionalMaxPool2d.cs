namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.FractionalMaxPool2d</c>, with PyTorch-form indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, output size or ratio; its seed is the first forward call's.</param>
/// <param name="samples">PyTorch's <c>_random_samples</c>: (N', C, 2) channels-first, N' at least the inputs' N, each plane's (w, h) in [0, 1); every forward call pools over their windows. Null: each call draws its own.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class FractionalMaxPool2d<T>(PoolingEngine engine, FractionalMaxPool2dOptions options, DeviceTensor<T>? samples = null)
    : FractionalMaxPoolLayer<T>(engine, new Fractional(options, samples), samples)
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public FractionalMaxPool2dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
