using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary><c>avg_pool2d</c>: mean over strided, padded windows, and its backward.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>Average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="AvgPool2dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="AvgPool2dOptions.OutputShape"/>.</exception>
    public DeviceTensor<T> AvgPool2d<T>(DeviceTensor<T> input, AvgPool2dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var (shape, ops) = CheckAvgPool(input, options);
        var output = Allocate<T>(shape);
        LaunchAvgPool(ops, input, options, output, stream);
        return output;
    }

    /// <summary>Average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="AvgPool2dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AvgPool2d<T>(DeviceTensor<T> input, AvgPool2dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var (shape, ops) = CheckAvgPool(input, options);
        CheckOutput(output, shape, nameof(output), input, "avg_pool2d");
        LaunchAvgPool(ops, input, options, output, stream);
    }

    /// <summary>
    /// avg_pool2d backward: each input element gathers, from every window that covers it, the
    /// window's gradient over the window's divisor (deterministic, no atomics).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="AvgPool2dOptions.OutputShape"/> of the input's.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or an option breaks a rule.</exception>
    public void AvgPool2dBackward<T>(DeviceTensor<T> gradOutput, AvgPool2dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "avg_pool2d");
        ops.AverageBackward(this, gradOutput, AverageWindows(gradInput.Shape, output, options), options.DivisorOverride ?? 0, gradInput, stream);
    }

    private (TensorShape Shape, ElementOps<T> Ops) CheckAvgPool<T>(DeviceTensor<T> input, AvgPool2dOptions options)
        where T : unmanaged
    {
        var ops = CheckInput(input, nameof(input));
        ArgumentNullException.ThrowIfNull(options);
        return (options.OutputShape(input.Shape), ops);
    }

    private void LaunchAvgPool<T>(ElementOps<T> ops, DeviceTensor<T> input, AvgPool2dOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged =>
        ops.Average(this, input, output.Shape, AverageWindows(input.Shape, output.Shape, options), output.View, options.DivisorOverride ?? 0, stream);

    private static StridedWindows AverageWindows(TensorShape input, TensorShape output, AvgPool2dOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, options.CountIncludePad ? PaddingInDivisor.Included : PaddingInDivisor.Excluded);
    }
}
