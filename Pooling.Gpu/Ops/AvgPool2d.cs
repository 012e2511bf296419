using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The mean of a window as PyTorch's CUDA avg_pool2d computes it: a float sum divided by the
/// override when given, else by the window's extent (see <see cref="StridedWindows"/> and
/// <see cref="AdaptiveWindows"/>). A window with no input position gives 0.
/// </summary>
internal struct AverageReduction(ArrayView<float> values, int divisorOverride) : IWindowReduction
{
    private readonly ArrayView<float> values = values;
    private readonly int divisorOverride = divisorOverride;
    private float sum;

    public void Reset(AxisWindow rows, AxisWindow cols) => sum = 0f;

    public void Add(float value, long h, long w) => sum += value;

    public readonly void Store(long output, AxisWindow rows, AxisWindow cols) =>
        values[output] = rows.IsEmpty || cols.IsEmpty ? 0f : sum / Divisor(rows, cols, divisorOverride);

    /// <summary>The override when set (not 0), else the window's extent.</summary>
    internal static long Divisor(AxisWindow rows, AxisWindow cols, int divisorOverride) =>
        divisorOverride != 0 ? divisorOverride : rows.Extent * cols.Extent;
}

/// <summary>Average pooling's gradient: each position of a window gets the window's gradient over its divisor.</summary>
internal readonly struct AverageGradient(ArrayView<float> gradOutput, int divisorOverride) : IWindowGradient
{
    public float Share(long output, long h, long w, AxisWindow rows, AxisWindow cols) =>
        gradOutput[output] / AverageReduction.Divisor(rows, cols, divisorOverride);
}

/// <summary><c>avg_pool2d</c>: mean over strided, padded windows, and its backward.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>Average pooling into a new tensor.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="AvgPool2dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="AvgPool2dOptions.OutputShape"/>.</exception>
    public DeviceTensor<float> AvgPool2d(DeviceTensor<float> input, AvgPool2dOptions options, AcceleratorStream? stream = null)
    {
        var shape = CheckAvgPool(input, options);
        var output = Allocate<float>(shape);
        LaunchAvgPool(input, options, output, stream);
        return output;
    }

    /// <summary>Average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad, divisor_override.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="AvgPool2dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AvgPool2d(DeviceTensor<float> input, AvgPool2dOptions options, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckAvgPool(input, options);
        CheckOutput(output, shape, nameof(output), input, "avg_pool2d");
        LaunchAvgPool(input, options, output, stream);
    }

    /// <summary>
    /// avg_pool2d backward: each input element gathers, from every window that covers it, the
    /// window's gradient over the window's divisor (deterministic, no atomics).
    /// </summary>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="AvgPool2dOptions.OutputShape"/> of the input's.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or an option breaks a rule.</exception>
    public void AvgPool2dBackward(DeviceTensor<float> gradOutput, AvgPool2dOptions options, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        CheckTensor(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "avg_pool2d");
        LaunchWindowBackward(gradInput, output, AverageWindows(gradInput.Shape, output, options), new AverageGradient(gradOutput.View, options.DivisorOverride ?? 0), stream);
    }

    private TensorShape CheckAvgPool(DeviceTensor<float> input, AvgPool2dOptions options)
    {
        CheckTensor(input, nameof(input));
        ArgumentNullException.ThrowIfNull(options);
        return options.OutputShape(input.Shape);
    }

    private void LaunchAvgPool(DeviceTensor<float> input, AvgPool2dOptions options, DeviceTensor<float> output, AcceleratorStream? stream) =>
        LaunchWindowPool(input, output.Shape, AverageWindows(input.Shape, output.Shape, options), new AverageReduction(output.View, options.DivisorOverride ?? 0), stream);

    private static StridedWindows AverageWindows(TensorShape input, TensorShape output, AvgPool2dOptions options) =>
        new(PoolPlanes.Of(input, output), options.KernelSize, options.Stride, options.Padding, Dilation: 1,
            options.CountIncludePad ? PaddingInDivisor.Included : PaddingInDivisor.Excluded);
}
