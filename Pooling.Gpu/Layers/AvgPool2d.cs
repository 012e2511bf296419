using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>The layer form of <c>torch.nn.AvgPool2d</c>.</summary>
/// <param name="engine">The engine whose accelerator holds the tensors.</param>
/// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
public sealed class AvgPool2d<T>(PoolingEngine engine, AvgPool2dOptions options) : PoolLayer<T>(engine)
    where T : unmanaged
{
    /// <summary>The pooling options.</summary>
    public AvgPool2dOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc/>
    protected override TensorShape OutputShape(TensorShape input) => Options.OutputShape(input);

    /// <inheritdoc/>
    protected override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream) =>
        Engine.AvgPool2d(input, Options, output, stream);

    /// <inheritdoc/>
    protected override void RunBackward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        Engine.AvgPool2dBackward(gradOutput, Options, gradInput, stream);
}
