using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>An adaptive pooling's name, spatial rank and requested output size (unused dims 1).</summary>
internal readonly record struct AdaptiveSize(string Op, int SpatialRank, long D, long H, long W)
{
    internal static AdaptiveSize Of1d(string op, int length) => new(op, 1, 1, 1, length);

    internal static AdaptiveSize Of2d(string op, Size2 size) => new(op, 2, 1, size.Height, size.Width);

    internal static AdaptiveSize Of3d(string op, Size3 size) => new(op, 3, size.Depth, size.Height, size.Width);

    /// <summary>The output shape for <paramref name="input"/>, after PyTorch's checks.</summary>
    internal TensorShape OutputShape(TensorShape input) => PoolingRules.AdaptiveOutputShape(input, (D, H, W), Op, SpatialRank);
}

/// <summary>The bodies of the adaptive-pooling methods, written once for 1D, 2D and 3D.</summary>
public sealed partial class PoolingEngine
{
    private DeviceTensor<T> AdaptiveAvgNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        return NewTensor<T>(shape, output => ops.Average(this, input, shape, AdaptiveOf(input, shape), output.View, 0, stream));
    }

    private void AdaptiveAvgInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        CheckOutput(output, shape, nameof(output), input, size.Op);
        ops.Average(this, input, shape, AdaptiveOf(input, shape), output.View, 0, stream);
    }

    private DeviceTensor<T> AdaptiveMaxNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        return NewTensor<T>(shape, output => ops.Max(this, input, shape, AdaptiveOf(input, shape), output.View, null, stream));
    }

    private void AdaptiveMaxInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        CheckOutput(output, shape, nameof(output), input, size.Op);
        ops.Max(this, input, shape, AdaptiveOf(input, shape), output.View, null, stream);
    }

    private MaxPoolResult<T> AdaptiveMaxWithIndicesNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        return NewResult<T>(shape, result => ops.Max(this, input, shape, AdaptiveOf(input, shape), result.Output.View, result.Indices, stream));
    }

    private void AdaptiveMaxWithIndicesInto<T>(
        DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        CheckOutput(output, shape, nameof(output), input, size.Op);
        CheckOutput(indices, shape, nameof(indices), input, size.Op);
        CheckOutput(indices, shape, nameof(indices), output, size.Op);
        ops.Max(this, input, shape, AdaptiveOf(input, shape), output.View, indices, stream);
    }

    private void AdaptiveMaxCompactInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, ops) = CheckAdaptive(input, size);
        CheckOutput(output, shape, nameof(output), input, size.Op);
        var windows = AdaptiveOf(input, shape);
        CheckIndices(indices, windows, input.Shape, shape);
        ops.Max(this, input, shape, windows, output.View, indices, stream);
    }

    private void AdaptiveAvgBackwardInto<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, string op, int spatialRank, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (output, ops) = CheckAdaptiveBackward(gradOutput, gradInput, op, spatialRank);
        ops.AverageBackward(this, gradOutput, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), 0, gradInput, stream);
    }

    private void AdaptiveMaxBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, string op, int spatialRank, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (output, ops) = CheckAdaptiveBackward(gradOutput, gradInput, op, spatialRank);
        CheckOutput(indices, output, nameof(indices), gradInput, op);
        ops.MaxBackward(this, gradOutput, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), indices, gradInput, stream);
    }

    private MaxPoolIndices AdaptiveIndicesFor(TensorShape input, AdaptiveSize size)
    {
        ThrowIfDisposed();
        return AdaptiveIndices(input, size.OutputShape(input));
    }

    private (TensorShape Shape, ElementOps<T> Ops) CheckAdaptive<T>(DeviceTensor<T> input, AdaptiveSize size)
        where T : unmanaged
    {
        var ops = CheckInput(input, nameof(input));
        return (size.OutputShape(input.Shape), ops);
    }

    private static AdaptiveWindows AdaptiveOf<T>(DeviceTensor<T> input, TensorShape output)
        where T : unmanaged => new(PoolShape.Of(input.Shape, output));
}
