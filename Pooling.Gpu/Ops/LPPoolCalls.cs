using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The bodies of the power-average (LP) pooling methods, written once for lp_pool1d and lp_pool2d.</summary>
public sealed partial class PoolingEngine
{
    private DeviceTensor<T> LPPoolNew<T>(DeviceTensor<T> input, ILpOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options, computesInDouble: true);
        return NewTensor<T>(shape, output => ops.PowerAverage(this, input, shape, PowerAverageWindows(input.Shape, shape, options), output.View, NormOf(options), stream));
    }

    private void LPPoolInto<T>(DeviceTensor<T> input, ILpOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckWindowPool(input, options, computesInDouble: true);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        ops.PowerAverage(this, input, shape, PowerAverageWindows(input.Shape, shape, options), output.View, NormOf(options), stream);
    }

    private void LPPoolBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<T> input, DeviceTensor<T> output, ILpOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput), computesInDouble: true);
        ArgumentNullException.ThrowIfNull(options);
        var shape = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, shape, gradInput.Shape, options.Op);
        CheckTensor(input, nameof(input));
        if (input.Shape != gradInput.Shape)
        {
            throw new ArgumentException($"input has shape {input.Shape}, but gradInput has shape {gradInput.Shape}: both are the forward call's input's.", nameof(input));
        }

        CheckOutput(gradInput, gradInput.Shape, nameof(gradInput), input, options.Op);
        CheckOutput(output, shape, nameof(output), gradInput, options.Op);
        ops.PowerAverageBackward(this, gradOutput, output, input, PowerAverageWindows(gradInput.Shape, shape, options), NormOf(options), gradInput, stream);
    }

    /// <summary>PyTorch's avg_pool windows with padding 0; count_include_pad (its default) then counts the clipped window.</summary>
    private static StridedWindows PowerAverageWindows(TensorShape input, TensorShape output, ILpOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, PaddingInDivisor.Included);
    }

    private static LpNorm NormOf(ILpOptions options)
    {
        var (d, h, w) = options.Axes;
        return LpNorm.Of(options.NormType, (long)d.Kernel * h.Kernel * w.Kernel);
    }
}
