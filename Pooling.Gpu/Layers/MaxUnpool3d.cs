namespace Pooling.Gpu.Layers;

/// <summary>
/// The layer form of <c>torch.nn.MaxUnpool3d</c>: <c>Forward(input, indices)</c> with the
/// PyTorch-form indices of a max pooling, which its backward reads again.
/// </summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">The max pooling's kernel, stride and padding; the output size.</param>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public sealed class MaxUnpool3d<T>(PoolingEngine engine, MaxUnpool3dOptions options) : MaxUnpoolLayer<T>(engine, new Unpool<Size3>(options))
    where T : unmanaged
{
    /// <summary>The unpooling options.</summary>
    public MaxUnpool3dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));
}
