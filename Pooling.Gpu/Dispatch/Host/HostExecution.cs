using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Runs each op as .NET code on the host's cores, over the buffers of an ILGPU CPU accelerator
/// (host memory: a caller's CPU accelerator's buffers are used as they are, no copy). Every op
/// runs the kernels' own per-element bodies with the structs the kernels get, in host loops
/// (<see cref="HostLoops"/>); the common cases first try a vectorised form that gives the same
/// bits. Calls return when the result is written: a CPU accelerator's streams run each launch and
/// copy to its end before they return, so nothing enqueued earlier is pending.
/// </summary>
internal sealed class HostExecution(Accelerator accelerator) : IExecution
{
    public void WindowPool<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        Streams.OrDefault(accelerator, stream);
        var shape = PoolShape.Of(input.Shape, output);
        if (shape.Output.Length == 0 || VectorForward<T, TAcc, TElement, TGeometry, TReduction>(input, shape, geometry, reduction))
        {
            return;
        }

        Outputs<T, TAcc, TElement, TGeometry, TReduction>(input, shape, geometry, reduction);
    }

    public void WindowMax<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        Streams.OrDefault(accelerator, stream);
        var shape = PoolShape.Of(input.Shape, output);
        Outputs<T, TAcc, TElement, TGeometry, TReduction>(input, shape, geometry, reduction);
    }

    public void WindowBackward<T, TAcc, TElement, TGeometry, TGradient>(
        DeviceTensor<T> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        Streams.OrDefault(accelerator, stream);
        var shape = PoolShape.Of(gradInput.Shape, output);
        if (shape.Input.Length == 0 || VectorBackward<T, TAcc, TElement, TGeometry, TGradient>(gradInput, shape, geometry, gradient))
        {
            return;
        }

        long work = shape.Input.Length + shape.Output.Length;
        if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
        {
            Inputs<T, TAcc, TElement, ChannelsLast, TGeometry, TGradient>(gradInput.View, shape, geometry, gradient, work);
        }
        else
        {
            Inputs<T, TAcc, TElement, ChannelsFirst, TGeometry, TGradient>(gradInput.View, shape, geometry, gradient, work);
        }
    }

    public void IndexConversion<TGeometry>(WindowIndices compact, PoolShape shape, TensorLayout layout, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
    {
        Streams.OrDefault(accelerator, stream);
        long outputs = shape.Output.Length;
        if (layout == TensorLayout.ChannelsLast)
        {
            HostLoops.For(outputs, outputs, new ElementRange<ChannelsLast, IndexOutput<ChannelsLast, TGeometry>>(shape.Output, new(compact, geometry, torch)));
        }
        else
        {
            HostLoops.For(outputs, outputs, new ElementRange<ChannelsFirst, IndexOutput<ChannelsFirst, TGeometry>>(shape.Output, new(compact, geometry, torch)));
        }
    }

    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var used = Streams.OrDefault(accelerator, stream);
        var dims = TensorDims.Of(input.Shape);
        if (input.IsContiguous && input.Shape.Layout == output.Shape.Layout)
        {
            input.View.CopyTo(used, output.View);
        }
        else if (RowCopy<T>.Of(input, output) is var (rows, count))
        {
            HostLoops.For(count, dims.Length, rows);
        }
        else if (output.Shape.Layout == TensorLayout.ChannelsLast)
        {
            HostLoops.For(dims.Length, dims.Length, new ElementRange<ChannelsLast, CopyElement<T, ChannelsLast>>(dims, new(input.Memory, output.View, input.ElementStrides)));
        }
        else
        {
            HostLoops.For(dims.Length, dims.Length, new ElementRange<ChannelsFirst, CopyElement<T, ChannelsFirst>>(dims, new(input.Memory, output.View, input.ElementStrides)));
        }
    }

    public void Unpool<T>(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var used = Streams.OrDefault(accelerator, stream);
        if (output.Shape.Length == 0)
        {
            return;
        }

        output.View.MemSetToZero(used);
        var shape = PoolShape.Of(input.Shape, output.Shape);
        long work = input.Shape.Length;
        if (input.Shape.Layout == TensorLayout.ChannelsLast)
        {
            HostLoops.For(input.Shape.Planes, work, new UnpoolPlanes<T, ChannelsLast>(input.View, indices.View, output.View, shape));
        }
        else
        {
            HostLoops.For(input.Shape.Planes, work, new UnpoolPlanes<T, ChannelsFirst>(input.View, indices.View, output.View, shape));
        }
    }

    public void UnpoolBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        Streams.OrDefault(accelerator, stream);
        var shape = PoolShape.Of(gradInput.Shape, gradOutput.Shape);
        long inputs = shape.Input.Length;
        if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
        {
            HostLoops.For(inputs, inputs, new ElementRange<ChannelsLast, UnpoolInput<T, ChannelsLast>>(shape.Input, new(gradOutput.View, indices.View, gradInput.View, shape)));
        }
        else
        {
            HostLoops.For(inputs, inputs, new ElementRange<ChannelsFirst, UnpoolInput<T, ChannelsFirst>>(shape.Input, new(gradOutput.View, indices.View, gradInput.View, shape)));
        }
    }

    public long FirstIndexOutside(DeviceTensor<long> indices, long planeLength)
    {
        var view = indices.View;
        for (long i = 0; i < view.Length; i++)
        {
            if (MaxUnpoolIndexCheck.Outside(view[i], planeLength))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Runs a forward in vector form where one fits (the common cases); false leaves it to the
    /// kernel's per-output body. Channels-last: eight channels at a time. Channels-first: global
    /// pooling by planes; rows of at least eight outputs along W eight columns at a time; shorter
    /// rows eight planes at a time; then whatever rows remain (a tensor of fewer than eight planes).
    /// </summary>
    private static bool VectorForward<T, TAcc, TElement, TGeometry, TReduction>(DeviceTensor<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc> =>
        KnownGeometry<TGeometry>() && (input.Shape.Layout == TensorLayout.ChannelsLast
            ? ChannelPooling.TryChannelsLast<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction)
            : (typeof(TGeometry) == typeof(AdaptiveWindows) && shape.Output.D * shape.Output.H * shape.Output.W == 1
                    && PlanePooling.TryRun<T, TAcc, TElement, TReduction>(input.View, shape, reduction))
                || (shape.Output.W >= RowPlan.Lanes && RowPooling.TryRun<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction))
                || ChannelPooling.TryPlanes<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction)
                || RowPooling.TryRun<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction));

    /// <summary>Runs a backward as a scatter where one fits (the common cases); false leaves it to the kernel's per-input body.</summary>
    private static bool VectorBackward<T, TAcc, TElement, TGeometry, TGradient>(DeviceTensor<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc> =>
        KnownGeometry<TGeometry>()
        && gradInput.Shape.Layout == TensorLayout.ChannelsFirst
        && ScatterBackward.TryRun<T, TAcc, TElement, TGeometry, TGradient>(gradInput.View, shape, geometry, gradient);

    /// <summary>
    /// Whether the vector forms know <typeparamref name="TGeometry"/>: they read one table of
    /// windows per call (<see cref="WindowTables"/>), so a geometry whose windows could differ from
    /// plane to plane would be wrong there; any other geometry takes the kernel's own body.
    /// </summary>
    private static bool KnownGeometry<TGeometry>()
        where TGeometry : struct, IWindowGeometry =>
        typeof(TGeometry) == typeof(StridedWindows) || typeof(TGeometry) == typeof(AdaptiveWindows);

    /// <summary>Every output of a window pooling by the kernel's own per-output body, in the input's layout.</summary>
    private static void Outputs<T, TAcc, TElement, TGeometry, TReduction>(DeviceTensor<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        long work = shape.Input.Length + shape.Output.Length;
        if (input.Shape.Layout == TensorLayout.ChannelsLast)
        {
            Outputs<T, TAcc, TElement, ChannelsLast, TGeometry, TReduction>(input.View, shape, geometry, reduction, work);
        }
        else
        {
            Outputs<T, TAcc, TElement, ChannelsFirst, TGeometry, TReduction>(input.View, shape, geometry, reduction, work);
        }
    }

    private static void Outputs<T, TAcc, TElement, TLayout, TGeometry, TReduction>(ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction, long work)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc> =>
        HostLoops.For(
            shape.Output.Length,
            work,
            new ElementRange<TLayout, PoolOutput<T, TAcc, TElement, TLayout, TGeometry, TReduction>>(shape.Output, new(input, shape, geometry, reduction)));

    private static void Inputs<T, TAcc, TElement, TLayout, TGeometry, TGradient>(ArrayView<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient, long work)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc> =>
        HostLoops.For(
            shape.Input.Length,
            work,
            new ElementRange<TLayout, BackwardInput<T, TAcc, TElement, TLayout, TGeometry, TGradient>>(shape.Input, new(gradInput, shape, geometry, gradient)));
}
