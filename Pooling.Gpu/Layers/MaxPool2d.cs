using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.MaxPool2d</c>: max pooling with compact indices kept for backward.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
public sealed class MaxPool2d<T>(PoolingEngine engine, MaxPool2dOptions options) : MaxPoolLayer<T>(engine)
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public MaxPool2dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => Options.OutputShape(input);

    /// <inheritdoc/>
    protected override MaxPoolIndices AllocateIndices(TensorShape input) => Engine.AllocateMaxPoolIndices(input, Options);

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream) =>
        Engine.MaxPool2d(input, Options, output, indices, stream);
}
