using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>
/// Runs the ILGPU kernels on one accelerator: loads each specialisation once (<see cref="KernelCache"/>),
/// sizes its grid (<see cref="LaunchShape"/>) and launches it on the caller's stream or the
/// accelerator's default one, waiting for it in the latter case.
/// </summary>
internal sealed class KernelExecution(Accelerator accelerator, ILogger logger) : IExecution
{
    private readonly KernelCache kernels = new(accelerator, logger);
    private readonly LaunchShape launch = new(accelerator);

    /// <summary>How many kernel specialisations have been compiled and loaded so far.</summary>
    internal int LoadedCount => kernels.LoadedCount;

    /// <summary>The kernel methods loaded so far.</summary>
    internal IReadOnlyCollection<MethodInfo> LoadedMethods => kernels.LoadedMethods;

    /// <summary>The window-pooling kernel over <paramref name="input"/>, in its layout: a thread per output, grid-strided.</summary>
    public void WindowPool<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc> =>
        WindowMax<T, TAcc, TElement, TGeometry, TReduction>(input, output, geometry, reduction, stream);

    /// <summary>The window-pooling kernel over <paramref name="input"/>, in its layout: a thread per output, grid-strided.</summary>
    public void WindowMax<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        var shape = PoolShape.Of(input.Shape, output);
        var used = Streams.OrDefault(accelerator, stream);
        if (shape.Output.Length > 0)
        {
            var config = launch.ForItems(shape.Output.Length);
            if (input.Shape.Layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(WindowPool<T, TAcc, TElement, ChannelsLast, TGeometry, TReduction>.Kernel)(
                    used, config, input.View, shape, GridStep.Of<ChannelsLast>(shape.Output, config), geometry, reduction);
            }
            else
            {
                kernels.Get(WindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, TReduction>.Kernel)(
                    used, config, input.View, shape, GridStep.Of<ChannelsFirst>(shape.Output, config), geometry, reduction);
            }
        }

        Complete(stream, used);
    }

    /// <summary>The window-pooling backward kernel into <paramref name="gradInput"/>, in its layout: a thread per input element, grid-strided.</summary>
    public void WindowBackward<T, TAcc, TElement, TGeometry, TGradient>(
        DeviceTensor<T> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        var shape = PoolShape.Of(gradInput.Shape, output);
        var used = Streams.OrDefault(accelerator, stream);
        if (shape.Input.Length > 0)
        {
            var config = launch.ForItems(shape.Input.Length);
            if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(WindowPoolBackward<T, TAcc, TElement, ChannelsLast, TGeometry, TGradient>.Kernel)(
                    used, config, gradInput.View, shape, GridStep.Of<ChannelsLast>(shape.Input, config), geometry, gradient);
            }
            else
            {
                kernels.Get(WindowPoolBackward<T, TAcc, TElement, ChannelsFirst, TGeometry, TGradient>.Kernel)(
                    used, config, gradInput.View, shape, GridStep.Of<ChannelsFirst>(shape.Input, config), geometry, gradient);
            }
        }

        Complete(stream, used);
    }

    /// <summary>The per-plane reduction kernel over a channels-first input: a warp or a group per plane.</summary>
    internal void PlaneReduction<T, TPartial, TReduction>(DeviceTensor<T> input, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TPartial : unmanaged
        where TReduction : struct, IPlaneReduction<T, TPartial>
    {
        var shape = input.Shape;
        var used = Streams.OrDefault(accelerator, stream);
        if (shape.Planes > 0)
        {
            var (config, teamsPerGroup) = launch.ForPlanes(shape.Planes, shape.PlaneLength);
            kernels.Get(GlobalPool<T, TPartial, TReduction>.Kernel)(used, config, input.View, shape.Planes, shape.PlaneLength, teamsPerGroup, reduction);
        }

        Complete(stream, used);
    }

    /// <summary>The compact-to-PyTorch index conversion kernel, in the output's layout.</summary>
    public void IndexConversion<TGeometry>(WindowIndices compact, PoolShape shape, TensorLayout layout, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
    {
        var used = Streams.OrDefault(accelerator, stream);
        if (shape.Output.Length > 0)
        {
            var config = launch.ForItems(shape.Output.Length);
            if (layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(IndexConversion<ChannelsLast, TGeometry>.Kernel)(used, config, compact, shape, GridStep.Of<ChannelsLast>(shape.Output, config), geometry, torch);
            }
            else
            {
                kernels.Get(IndexConversion<ChannelsFirst, TGeometry>.Kernel)(used, config, compact, shape, GridStep.Of<ChannelsFirst>(shape.Output, config), geometry, torch);
            }
        }

        Complete(stream, used);
    }

    /// <summary>Copies <paramref name="input"/>, contiguous in any layout or strided, into <paramref name="output"/>, contiguous in its layout: a copy of the memory where both are alike, else a thread per output element.</summary>
    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var dims = TensorDims.Of(input.Shape);
        var used = Streams.OrDefault(accelerator, stream);
        if (input.IsContiguous && input.Shape.Layout == output.Shape.Layout)
        {
            input.View.CopyTo(used, output.View);
        }
        else if (dims.Length > 0)
        {
            var config = launch.ForItems(dims.Length);
            if (output.Shape.Layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(StridedCopy<T, ChannelsLast>.Kernel)(used, config, input.Memory, output.View, dims, input.ElementStrides, GridStep.Of<ChannelsLast>(dims, config));
            }
            else
            {
                kernels.Get(StridedCopy<T, ChannelsFirst>.Kernel)(used, config, input.Memory, output.View, dims, input.ElementStrides, GridStep.Of<ChannelsFirst>(dims, config));
            }
        }

        Complete(stream, used);
    }

    /// <summary>Zeroes <paramref name="output"/> and scatters <paramref name="input"/> into it at <paramref name="indices"/>: a thread per plane.</summary>
    public void Unpool<T>(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var used = Streams.OrDefault(accelerator, stream);
        if (output.Shape.Length > 0)
        {
            output.View.MemSetToZero(used);
            var kernel = input.Shape.Layout == TensorLayout.ChannelsLast
                ? kernels.Get(MaxUnpoolScatter<T, ChannelsLast>.Kernel)
                : kernels.Get(MaxUnpoolScatter<T, ChannelsFirst>.Kernel);
            kernel(used, launch.ForItems(input.Shape.Planes), input.View, indices.View, output.View, PoolShape.Of(input.Shape, output.Shape));
        }

        Complete(stream, used);
    }

    /// <summary>Max unpooling's backward, a gather into <paramref name="gradInput"/> at <paramref name="indices"/>: a thread per input element.</summary>
    public void UnpoolBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = PoolShape.Of(gradInput.Shape, gradOutput.Shape);
        var used = Streams.OrDefault(accelerator, stream);
        if (shape.Input.Length > 0)
        {
            var config = launch.ForItems(shape.Input.Length);
            if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(MaxUnpoolGather<T, ChannelsLast>.Kernel)(used, config, gradOutput.View, indices.View, gradInput.View, shape, GridStep.Of<ChannelsLast>(shape.Input, config));
            }
            else
            {
                kernels.Get(MaxUnpoolGather<T, ChannelsFirst>.Kernel)(used, config, gradOutput.View, indices.View, gradInput.View, shape, GridStep.Of<ChannelsFirst>(shape.Input, config));
            }
        }

        Complete(stream, used);
    }

    /// <summary>
    /// The element index of the first of <paramref name="indices"/> outside <c>[0, planeLength)</c>,
    /// or -1: a kernel finds it on the default stream, and the call waits for its verdict (an
    /// 8-byte device buffer).
    /// </summary>
    public long FirstIndexOutside(DeviceTensor<long> indices, long planeLength)
    {
        using var first = accelerator.Allocate1D([long.MaxValue]);
        kernels.Get(MaxUnpoolIndexCheck.Kernel)(accelerator.DefaultStream, launch.ForItems(indices.Shape.Length), indices.View, planeLength, first.View);
        long at = first.GetAsArray1D()[0];
        return at == long.MaxValue ? -1 : at;
    }

    /// <summary>Waits for a launch made without a caller's stream, so that such a call is synchronous.</summary>
    private static void Complete(AcceleratorStream? callerStream, AcceleratorStream used)
    {
        if (callerStream is null)
        {
            used.Synchronize();
        }
    }
}
