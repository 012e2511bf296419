using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The max of a window, with PyTorch's rules: row-major scan, strict <c>&gt;</c> (the first
/// maximum wins a tie), NaN propagates (the index is the last NaN's). A window with no input
/// position (possible with dilation and padding) gives -inf and index -1.
/// </summary>
internal struct MaxReduction(ArrayView<float> values, ArrayView<long> indices) : IWindowReduction
{
    private readonly ArrayView<float> values = values;
    private readonly ArrayView<long> indices = indices;
    private float max;
    private long argmax;

    public void Reset(long firstOffset)
    {
        max = float.NegativeInfinity;
        argmax = firstOffset;
    }

    public void Add(float value, long offset)
    {
        if (value > max || float.IsNaN(value))
        {
            max = value;
            argmax = offset;
        }
    }

    public readonly void Store(long output, AxisWindow rows, AxisWindow cols)
    {
        values[output] = max;
        if (indices.Length > 0)
        {
            indices[output] = argmax;
        }
    }
}

/// <summary><c>max_pool2d</c>: max over strided, dilated, padded windows.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>Max pooling into a new tensor.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="MaxPool2dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool2dOptions.OutputShape"/>.</exception>
    public DeviceTensor<float> MaxPool2d(DeviceTensor<float> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
    {
        var shape = CheckMaxPool(input, options);
        var output = Allocate<float>(shape);
        LaunchMaxPool(input, options, shape, new MaxReduction(output.View, None<long>()), stream);
        return output;
    }

    /// <summary>Max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="MaxPool2dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool2d(DeviceTensor<float> input, MaxPool2dOptions options, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckMaxPool(input, options);
        CheckOutput(output, shape, nameof(output), input, "max_pool2d");
        LaunchMaxPool(input, options, shape, new MaxReduction(output.View, None<long>()), stream);
    }

    /// <summary>Max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="MaxPool2dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool2dOptions.OutputShape"/>.</exception>
    public MaxPoolResult MaxPool2dWithIndices(DeviceTensor<float> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
    {
        var shape = CheckMaxPool(input, options);
        var result = new MaxPoolResult(Allocate<float>(shape), Allocate<long>(shape));
        LaunchMaxPool(input, options, shape, new MaxReduction(result.Output.View, result.Indices.View), stream);
        return result;
    }

    /// <summary>Max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="MaxPool2dOptions.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane (-1 for a window with no input position); same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void MaxPool2dWithIndices(
        DeviceTensor<float> input, MaxPool2dOptions options, DeviceTensor<float> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
    {
        var shape = CheckMaxPool(input, options);
        CheckOutput(output, shape, nameof(output), input, "max_pool2d");
        CheckOutput(indices, shape, nameof(indices), input, "max_pool2d");
        CheckOutput(indices, shape, nameof(indices), output, "max_pool2d");
        LaunchMaxPool(input, options, shape, new MaxReduction(output.View, indices.View), stream);
    }

    private TensorShape CheckMaxPool(DeviceTensor<float> input, MaxPool2dOptions options)
    {
        CheckTensor(input, nameof(input));
        ArgumentNullException.ThrowIfNull(options);
        return options.OutputShape(input.Shape);
    }

    private void LaunchMaxPool(DeviceTensor<float> input, MaxPool2dOptions options, TensorShape output, MaxReduction reduction, AcceleratorStream? stream)
    {
        var windows = new StridedWindows(
            input.Shape.H, input.Shape.W, options.KernelSize, options.Stride, options.Padding, options.Dilation, PaddingInDivisor.Excluded);
        LaunchWindowPool(input, output, windows, reduction, stream);
    }
}
