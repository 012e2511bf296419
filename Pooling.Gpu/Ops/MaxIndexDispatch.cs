using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Picks the kernel specialisation for where a max pooling's indices go: nowhere, PyTorch's int64
/// form, or compact 1- or 4-byte ordinals. Each choice is a struct type argument, so the kernels
/// compile to straight code for each.
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>Window max pooling (max_pool2d, adaptive_max_pool2d) with indices: null, a DeviceTensor&lt;long&gt; or MaxPoolIndices.</summary>
    private void LaunchMax<TGeometry>(
        DeviceTensor<float> input, TensorShape output, TGeometry geometry, ArrayView<float> values, object? indices, ILGPU.Runtime.AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
    {
        switch (indices)
        {
            case null:
                LaunchWindowPool(input, output, geometry, new MaxReduction<NoIndices>(values, default), stream);
                break;
            case DeviceTensor<long> torch:
                LaunchWindowPool(input, output, geometry, new MaxReduction<TorchIndices>(values, Torch(torch, input.Shape)), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                LaunchWindowPool(input, output, geometry, new MaxReduction<WindowIndices<ByteCells>>(values, Bytes(compact)), stream);
                break;
            case MaxPoolIndices compact:
                LaunchWindowPool(input, output, geometry, new MaxReduction<WindowIndices<Int32Cells>>(values, Ints(compact)), stream);
                break;
        }
    }

    /// <summary>Global max pooling with indices: null, a DeviceTensor&lt;long&gt; or MaxPoolIndices.</summary>
    private void LaunchGlobalMax(DeviceTensor<float> input, ArrayView<float> values, object? indices, ILGPU.Runtime.AcceleratorStream? stream)
    {
        var plane = new AdaptiveWindows(PoolPlanes.Of(input.Shape, input.Shape.WithSpatial(1, 1)));
        switch (indices)
        {
            case null:
                LaunchGlobal<ValueAndOffset, PlaneArgMax<NoIndices>>(input, new(values, default, plane), stream);
                break;
            case DeviceTensor<long> torch:
                LaunchGlobal<ValueAndOffset, PlaneArgMax<TorchIndices>>(input, new(values, Torch(torch, input.Shape), plane), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                LaunchGlobal<ValueAndOffset, PlaneArgMax<WindowIndices<ByteCells>>>(input, new(values, Bytes(compact), plane), stream);
                break;
            case MaxPoolIndices compact:
                LaunchGlobal<ValueAndOffset, PlaneArgMax<WindowIndices<Int32Cells>>>(input, new(values, Ints(compact), plane), stream);
                break;
        }
    }

    /// <summary>Max pooling backward for one geometry, with indices in either form.</summary>
    private void LaunchMaxBackward<TGeometry>(
        DeviceTensor<float> gradOutput, TGeometry geometry, object indices, DeviceTensor<float> gradInput, ILGPU.Runtime.AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
    {
        var grad = gradOutput.View;
        switch (indices)
        {
            case DeviceTensor<long> torch:
                LaunchWindowBackward(gradInput, gradOutput.Shape, geometry, new MaxGradient<TorchIndices>(grad, Torch(torch, gradInput.Shape)), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                LaunchWindowBackward(gradInput, gradOutput.Shape, geometry, new MaxGradient<WindowIndices<ByteCells>>(grad, Bytes(compact)), stream);
                break;
            case MaxPoolIndices compact:
                LaunchWindowBackward(gradInput, gradOutput.Shape, geometry, new MaxGradient<WindowIndices<Int32Cells>>(grad, Ints(compact)), stream);
                break;
        }
    }

    /// <summary>Checks that compact indices are alive, on this accelerator, and made for this very geometry.</summary>
    private void CheckIndices(MaxPoolIndices indices, IWindowGeometry geometry, TensorShape input, TensorShape output)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(indices);
        _ = indices.Bytes;
        if (indices.Accelerator != Accelerator)
        {
            throw new ArgumentException($"indices live on '{indices.Accelerator.Name}', not on this engine's accelerator '{Accelerator.Name}'.", nameof(indices));
        }

        if (!indices.Geometry.Equals(geometry))
        {
            throw new ArgumentException(
                $"indices were made for input {indices.InputShape} -> output {indices.OutputShape} with other windows; this call pools {input} -> {output}.",
                nameof(indices));
        }
    }

    private static TorchIndices Torch(DeviceTensor<long> indices, TensorShape input) => new(indices.View, input.H, input.W);

    private static WindowIndices<ByteCells> Bytes(MaxPoolIndices indices) => new(new ByteCells(indices.Bytes));

    private static WindowIndices<Int32Cells> Ints(MaxPoolIndices indices) => new(new Int32Cells(indices.Bytes.Cast<int>()));
}
