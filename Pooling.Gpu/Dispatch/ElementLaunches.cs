using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The ops that are one element kernel in a tensor's layout, written once for every execution
/// (<see cref="IExecution.Elements"/>): the layout, a run-time value, picks the kernel's
/// specialisation here.
/// </summary>
internal static class ElementLaunches
{
    /// <summary>Window pooling of <paramref name="input"/> into the outputs of <paramref name="reduction"/>, one window per output, in the input's layout.</summary>
    internal static void WindowPool<T, TAcc, TElement, TGeometry, TReduction>(
        this IExecution run, DeviceTensor<T> input, PoolShape shape, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        long work = shape.Input.Length + shape.Output.Length;
        if (input.Shape.Layout == TensorLayout.ChannelsLast)
        {
            run.Elements<ChannelsLast, WindowPool<T, TAcc, TElement, ChannelsLast, TGeometry, TReduction>>(new(input.View, shape, geometry, reduction), work, stream);
        }
        else
        {
            run.Elements<ChannelsFirst, WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, TReduction>>(new(input.View, shape, geometry, reduction), work, stream);
        }
    }

    /// <summary>Window pooling backward into <paramref name="gradInput"/>, in its layout: each input's gradient from the outputs whose windows cover it.</summary>
    internal static void WindowBackward<T, TAcc, TElement, TGeometry, TGradient>(
        this IExecution run, DeviceTensor<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        long work = shape.Input.Length + shape.Output.Length;
        if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
        {
            run.Elements<ChannelsLast, WindowPoolBackward<T, TAcc, TElement, ChannelsLast, TGeometry, TGradient>>(new(gradInput.View, shape, geometry, gradient), work, stream);
        }
        else
        {
            run.Elements<ChannelsFirst, WindowPoolBackward<T, TAcc, TElement, ChannelsFirst, TGeometry, TGradient>>(new(gradInput.View, shape, geometry, gradient), work, stream);
        }
    }

    /// <summary>Compact indices to PyTorch's form, in the output's layout.</summary>
    internal static void IndexConversion<TGeometry>(
        this IExecution run, WindowIndices compact, PoolShape shape, TensorLayout layout, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
    {
        if (layout == TensorLayout.ChannelsLast)
        {
            run.Elements<ChannelsLast, IndexConversion<ChannelsLast, TGeometry>>(new(compact, shape, geometry, torch), shape.Output.Length, stream);
        }
        else
        {
            run.Elements<ChannelsFirst, IndexConversion<ChannelsFirst, TGeometry>>(new(compact, shape, geometry, torch), shape.Output.Length, stream);
        }
    }

    /// <summary>Copies <paramref name="input"/> element by element into <paramref name="output"/>, contiguous in its layout, reading through the input's strides.</summary>
    internal static void StridedCopy<T>(this IExecution run, DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var dims = TensorDims.Of(input.Shape);
        if (output.Shape.Layout == TensorLayout.ChannelsLast)
        {
            run.Elements<ChannelsLast, StridedCopy<T, ChannelsLast>>(new(input.Memory, output.View, dims, input.ElementStrides), dims.Length, stream);
        }
        else
        {
            run.Elements<ChannelsFirst, StridedCopy<T, ChannelsFirst>>(new(input.Memory, output.View, dims, input.ElementStrides), dims.Length, stream);
        }
    }

    /// <summary>Max unpooling's backward, a gather into <paramref name="gradInput"/> at <paramref name="indices"/>.</summary>
    internal static void UnpoolBackward<T>(this IExecution run, DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = PoolShape.Of(gradInput.Shape, gradOutput.Shape);
        if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
        {
            run.Elements<ChannelsLast, MaxUnpoolGather<T, ChannelsLast>>(new(gradOutput.View, indices.View, gradInput.View, shape), shape.Input.Length, stream);
        }
        else
        {
            run.Elements<ChannelsFirst, MaxUnpoolGather<T, ChannelsFirst>>(new(gradOutput.View, indices.View, gradInput.View, shape), shape.Input.Length, stream);
        }
    }
}
