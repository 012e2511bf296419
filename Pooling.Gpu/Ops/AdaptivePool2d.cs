using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// <c>adaptive_avg_pool2d</c> and <c>adaptive_max_pool2d</c>: any output size, windows
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c> that may overlap and differ in size. (Adaptive max
/// backward is <see cref="MaxPoolBackward(DeviceTensor{float}, MaxPoolIndices, DeviceTensor{float}, AcceleratorStream?)"/>
/// or <see cref="AdaptiveMaxPool2dBackward"/>.)
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>Adaptive average pooling into a new tensor.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or C, H or W of the input is zero.</exception>
    public DeviceTensor<float> AdaptiveAvgPool2d(DeviceTensor<float> input, Size2 outputSize, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_avg_pool2d");
        var output = Allocate<float>(shape);
        LaunchWindowPool(input, shape, AdaptiveOf(input, shape), new AverageReduction(output.View, 0), stream);
        return output;
    }

    /// <summary>Adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveAvgPool2d(DeviceTensor<float> input, Size2 outputSize, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_avg_pool2d");
        CheckOutput(output, shape, nameof(output), input, "adaptive_avg_pool2d");
        LaunchWindowPool(input, shape, AdaptiveOf(input, shape), new AverageReduction(output.View, 0), stream);
    }

    /// <summary>Adaptive max pooling into a new tensor.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or C, H or W of the input is zero.</exception>
    public DeviceTensor<float> AdaptiveMaxPool2d(DeviceTensor<float> input, Size2 outputSize, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_max_pool2d");
        var output = Allocate<float>(shape);
        LaunchMax(input, shape, AdaptiveOf(input, shape), output.View, null, stream);
        return output;
    }

    /// <summary>Adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool2d(DeviceTensor<float> input, Size2 outputSize, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "adaptive_max_pool2d");
        LaunchMax(input, shape, AdaptiveOf(input, shape), output.View, null, stream);
    }

    /// <summary>Adaptive max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, OH, OW).</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or C, H or W of the input is zero.</exception>
    public MaxPoolResult AdaptiveMaxPool2dWithIndices(DeviceTensor<float> input, Size2 outputSize, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_max_pool2d");
        var result = new MaxPoolResult(Allocate<float>(shape), Allocate<long>(shape));
        LaunchMax(input, shape, AdaptiveOf(input, shape), result.Output.View, result.Indices, stream);
        return result;
    }

    /// <summary>Adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool2dWithIndices(
        DeviceTensor<float> input, Size2 outputSize, DeviceTensor<float> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "adaptive_max_pool2d");
        CheckOutput(indices, shape, nameof(indices), input, "adaptive_max_pool2d");
        CheckOutput(indices, shape, nameof(indices), output, "adaptive_max_pool2d");
        LaunchMax(input, shape, AdaptiveOf(input, shape), output.View, indices, stream);
    }

    /// <summary>
    /// Adaptive max pooling with compact indices into a caller's tensors (what backward needs at a
    /// fraction of PyTorch's index traffic); nothing is written if an argument is rejected.
    /// </summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPoolIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool2d(DeviceTensor<float> input, Size2 outputSize, DeviceTensor<float> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
    {
        var shape = CheckAdaptive(input, outputSize, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "adaptive_max_pool2d");
        var windows = AdaptiveOf(input, shape);
        CheckIndices(indices, windows, input.Shape, shape);
        LaunchMax(input, shape, windows, output.View, indices, stream);
    }

    /// <summary>
    /// adaptive_avg_pool2d backward: each input element gathers, from every window that covers it,
    /// the window's gradient over the window's area (deterministic, no atomics; PyTorch's CUDA
    /// version scatters with atomics and is not).
    /// </summary>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveAvgPool2dBackward(DeviceTensor<float> gradOutput, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        var output = CheckAdaptiveBackward(gradOutput, gradInput, "adaptive_avg_pool2d");
        LaunchWindowBackward(gradInput, output, new AdaptiveWindows(PoolPlanes.Of(gradInput.Shape, output)), new AverageGradient(gradOutput.View, 0), stream);
    }

    private TensorShape CheckAdaptive(DeviceTensor<float> input, Size2 outputSize, string op)
    {
        CheckTensor(input, nameof(input));
        return PoolingRules.AdaptiveOutputShape(input.Shape, outputSize, op);
    }

    private static AdaptiveWindows AdaptiveOf(DeviceTensor<float> input, TensorShape output) => new(PoolPlanes.Of(input.Shape, output));
}
