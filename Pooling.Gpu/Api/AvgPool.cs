using ILGPU.Runtime;

namespace Pooling.Gpu;

// avg_pool1d, avg_pool2d and avg_pool3d and their backward. The options' type gives the rank.
public sealed partial class PoolingEngine
{
    /// <summary>Average pooling (avg_pool1d, avg_pool2d or avg_pool3d, by the options' rank) into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32); integer types are refused, as in PyTorch (int64 too, which PyTorch's CPU backend averages by integer division).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">An <see cref="AvgPool1dOptions"/>, <see cref="AvgPool2dOptions"/> or <see cref="AvgPool3dOptions"/>: kernel, stride, padding, ceil mode, count_include_pad, divisor_override (2D and 3D).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule (see <see cref="PoolOptions{TSize}.OutputShape"/>), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> AvgPool<T, TSize>(DeviceTensor<T> input, AvgPoolOptions<TSize> options, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options);
        CheckAveraged<T>(options.Op);
        return NewTensor<T>(shape, output => AvgPoolLaunch(input, options, output, stream));
    }

    /// <summary>Average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32); integer types are refused, as in PyTorch (int64 too, which PyTorch's CPU backend averages by integer division).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">An <see cref="AvgPool1dOptions"/>, <see cref="AvgPool2dOptions"/> or <see cref="AvgPool3dOptions"/>: kernel, stride, padding, ceil mode, count_include_pad, divisor_override (2D and 3D).</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void AvgPool<T, TSize>(DeviceTensor<T> input, AvgPoolOptions<TSize> options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => AvgPoolInto(input, options, output, stream);

    /// <summary>
    /// Average pooling backward: each input element gathers, from every window that covers it, the
    /// window's gradient over the window's divisor (deterministic, no atomics).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="PoolOptions{TSize}.OutputShape"/> of the input's.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or an option breaks a rule, or <typeparamref name="T"/> is an integer type.</exception>
    public void AvgPoolBackward<T, TSize>(DeviceTensor<T> gradOutput, AvgPoolOptions<TSize> options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => AvgPoolBackwardInto(gradOutput, options, gradInput, stream);

    internal void AvgPoolInto<T>(DeviceTensor<T> input, IAverageOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        CheckAveraged<T>(options.Op);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        AvgPoolLaunch(input, options, output, stream);
    }

    internal void AvgPoolBackwardInto<T>(DeviceTensor<T> gradOutput, IAverageOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, options.Op);
        using var denseGradOutput = Dense(gradOutput, stream);
        dispatch.AvgBackward(denseGradOutput.Tensor, AverageWindows(gradInput.Shape, output, options), options.DivisorOverride ?? 0, gradInput, stream);
    }

    private void AvgPoolLaunch<T>(DeviceTensor<T> input, IAverageOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        using var dense = Dense(input, stream);
        dispatch.AvgPool(dense.Tensor, output.Shape, AverageWindows(input.Shape, output.Shape, options), output.View, options.DivisorOverride ?? 0, stream);
    }

    private static StridedWindows AverageWindows(TensorShape input, TensorShape output, IAverageOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, options.CountIncludePad ? PaddingInDivisor.Included : PaddingInDivisor.Excluded);
    }
}
