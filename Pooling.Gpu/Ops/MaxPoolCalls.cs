using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The bodies of the strided max-pooling methods, written once for max_pool1d, max_pool2d and
/// max_pool3d: the options say the op's name, its axes and its output shape.
/// </summary>
public sealed partial class PoolingEngine
{
    private DeviceTensor<T> MaxPoolNew<T>(DeviceTensor<T> input, IWindowOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        return NewTensor<T>(shape, output => ops.Max(this, input, shape, StridedMaxWindows(input.Shape, shape, options), output.View, null, stream));
    }

    private void MaxPoolInto<T>(DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        ops.Max(this, input, shape, StridedMaxWindows(input.Shape, shape, options), output.View, null, stream);
    }

    private MaxPoolResult<T> MaxPoolWithIndicesNew<T>(DeviceTensor<T> input, IWindowOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        return NewResult<T>(shape, result => ops.Max(this, input, shape, StridedMaxWindows(input.Shape, shape, options), result.Output.View, result.Indices, stream));
    }

    private void MaxPoolWithIndicesInto<T>(
        DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        CheckOutput(indices, shape, nameof(indices), input, options.Op);
        CheckOutput(indices, shape, nameof(indices), output, options.Op);
        ops.Max(this, input, shape, StridedMaxWindows(input.Shape, shape, options), output.View, indices, stream);
    }

    private void MaxPoolCompactInto<T>(DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        var windows = StridedMaxWindows(input.Shape, shape, options);
        CheckIndices(indices, windows, input.Shape, shape);
        ops.Max(this, input, shape, windows, output.View, indices, stream);
    }

    private MaxPoolIndices MaxPoolIndicesFor(TensorShape input, IWindowOptions options)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(input);
        var (d, h, w) = options.Axes;
        return new MaxPoolIndices(Accelerator, input, output, StridedMaxWindows(input, output, options), (long)d.Kernel * h.Kernel * w.Kernel);
    }

    private void MaxPoolBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, IWindowOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, options.Op);
        CheckOutput(indices, output, nameof(indices), gradInput, options.Op);
        ops.MaxBackward(this, gradOutput, StridedMaxWindows(gradInput.Shape, output, options), indices, gradInput, stream);
    }

    /// <summary>Checks a window pooling's input and options; the output shape and the element type's operations.</summary>
    private (TensorShape Shape, ElementOps<T> Ops) CheckWindowPool<T>(DeviceTensor<T> input, IWindowOptions options, bool computesInDouble = false)
        where T : unmanaged
    {
        var ops = CheckInput(input, nameof(input), computesInDouble);
        ArgumentNullException.ThrowIfNull(options);
        return (options.OutputShape(input.Shape), ops);
    }

    private static StridedWindows StridedMaxWindows(TensorShape input, TensorShape output, IWindowOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, PaddingInDivisor.Excluded);
    }
}
