using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The bodies of the strided average-pooling methods, written once for avg_pool1d, avg_pool2d and avg_pool3d.</summary>
public sealed partial class PoolingEngine
{
    private DeviceTensor<T> AvgPoolNew<T>(DeviceTensor<T> input, IAverageOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        return NewTensor<T>(shape, output => LaunchAvgPool(ops, input, options, output, stream));
    }

    private void AvgPoolInto<T>(DeviceTensor<T> input, IAverageOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        LaunchAvgPool(ops, input, options, output, stream);
    }

    private void AvgPoolBackwardInto<T>(DeviceTensor<T> gradOutput, IAverageOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, options.Op);
        ops.AverageBackward(this, gradOutput, AverageWindows(gradInput.Shape, output, options), options.DivisorOverride ?? 0, gradInput, stream);
    }

    private void LaunchAvgPool<T>(ElementOps<T> ops, DeviceTensor<T> input, IAverageOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged =>
        ops.Average(this, input, output.Shape, AverageWindows(input.Shape, output.Shape, options), output.View, options.DivisorOverride ?? 0, stream);

    private static StridedWindows AverageWindows(TensorShape input, TensorShape output, IAverageOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, options.CountIncludePad ? PaddingInDivisor.Included : PaddingInDivisor.Excluded);
    }
}
