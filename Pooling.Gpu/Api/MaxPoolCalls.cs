using ILGPU.Runtime;

namespace Pooling.Gpu;

// The bodies of max pooling's call forms (new tensor or into one; no indices, PyTorch's, compact)
// once an op's own checks have given the output shape and the windows: window max pooling
// (StridedWindows) and adaptive max pooling (AdaptiveWindows) share them.
public sealed partial class PoolingEngine
{
    private DeviceTensor<T> MaxNew<T, TGeometry>(DeviceTensor<T> input, TensorShape shape, TGeometry windows, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
    {
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.MaxPool(dense.Tensor, shape, windows, output.View, default(NoIndices), stream));
    }

    private void MaxInto<T, TGeometry>(DeviceTensor<T> input, TensorShape shape, TGeometry windows, string op, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
    {
        CheckOutput(output, shape, nameof(output), input, op);
        using var dense = Dense(input, stream);
        dispatch.MaxPool(dense.Tensor, shape, windows, output.View, default(NoIndices), stream);
    }

    private MaxPoolResult<T> MaxWithIndicesNew<T, TGeometry>(DeviceTensor<T> input, TensorShape shape, TGeometry windows, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
    {
        using var dense = Dense(input, stream);
        return NewResult<T>(shape, result => dispatch.MaxPool(dense.Tensor, shape, windows, result.Output.View, Torch(result.Indices, input.Shape), stream));
    }

    private void MaxWithIndicesInto<T, TGeometry>(
        DeviceTensor<T> input, TensorShape shape, TGeometry windows, string op, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry
    {
        CheckValuesAndIndices(output, indices, shape, input, op);
        using var dense = Dense(input, stream);
        dispatch.MaxPool(dense.Tensor, shape, windows, output.View, Torch(indices, input.Shape), stream);
    }

    private void MaxCompactInto<T, TGeometry>(
        DeviceTensor<T> input, TensorShape shape, TGeometry windows, string op, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry, IEquatable<TGeometry>
    {
        CheckOutput(output, shape, nameof(output), input, op);
        CheckIndices(indices, windows, input.Shape, shape);
        using var dense = Dense(input, stream);
        dispatch.MaxPool(dense.Tensor, shape, windows, output.View, indices.Format, stream);
    }
}
