namespace Pooling.Gpu.Layers;

/// <summary>
/// The layer form of <c>torch.nn.LPPool3d</c> (PyTorch 2.2). Its backward reads the forward call's input and
/// output: both must stay as they were until then.
/// </summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">p, kernel, stride, ceil mode.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class LPPool3d<T>(PoolingEngine engine, LPPool3dOptions options) : PoolLayer<T>(engine, new PowerAverage(options))
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public LPPool3dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
