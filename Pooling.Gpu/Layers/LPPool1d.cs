namespace Pooling.Gpu.Layers;

/// <summary>
/// The layer form of <c>torch.nn.LPPool1d</c>. Its backward reads the forward call's input and
/// output: both must stay as they were until then.
/// </summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">p, kernel, stride, ceil mode.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class LPPool1d<T>(PoolingEngine engine, LPPool1dOptions options) : PoolLayer<T>(engine, new PowerAverage(options))
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public LPPool1dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
