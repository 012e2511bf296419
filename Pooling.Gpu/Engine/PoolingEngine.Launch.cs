using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;

namespace Pooling.Gpu;

/// <summary>Argument checks and the launch path shared by every op.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>Checks a tensor argument: not null, not disposed, on this engine's accelerator.</summary>
    private void CheckTensor<T>(DeviceTensor<T> tensor, string name)
        where T : unmanaged
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensor, name);
        _ = tensor.View;
        if (tensor.Accelerator != Accelerator)
        {
            throw new ArgumentException(
                $"{name} lives on '{tensor.Accelerator.Name}', not on this engine's accelerator '{Accelerator.Name}'.", name);
        }
    }

    /// <summary>
    /// Checks a data tensor argument (as <see cref="CheckTensor"/>), that its element type is
    /// supported, and that this device has what ILGPU needs to compile the kernels over it (and,
    /// when <paramref name="computesInDouble"/>, in double: <see cref="DeviceCapabilities"/>).
    /// </summary>
    private ElementOps<T> CheckInput<T>(DeviceTensor<T> tensor, string name, bool computesInDouble = false)
        where T : unmanaged
    {
        CheckTensor(tensor, name);
        var ops = ElementOps<T>.For(name);
        var (float16, float64) = Accelerator.Capabilities is CLCapabilityContext cl ? (cl.Float16, cl.Float64) : (true, true);
        if (DeviceCapabilities.Missing(typeof(T), computesInDouble, float16, float64) is { } missing)
        {
            throw new NotSupportedException($"{name} holds {typeof(T).Name} values, but {AcceleratorType} device '{DeviceName}' lacks {missing}.");
        }

        return ops;
    }

    /// <summary>Checks an output argument: a valid tensor of exactly the expected shape that does not overlap the input.</summary>
    private void CheckOutput<TOut, TIn>(DeviceTensor<TOut> output, TensorShape expected, string name, DeviceTensor<TIn> input, string op)
        where TOut : unmanaged
        where TIn : unmanaged
    {
        CheckTensor(output, name);
        if (output.Shape != expected)
        {
            throw new ArgumentException(
                $"{name} has shape {output.Shape}, but {op} of an input of shape {input.Shape} gives {expected}.", name);
        }

        if (Overlap(input.View, output.View))
        {
            throw new ArgumentException($"{name} overlaps the input's memory; {op} cannot work in place.", name);
        }
    }

    /// <summary>Whether two views share bytes of one buffer (generic, so that the views are not boxed on every call).</summary>
    private static bool Overlap<TA, TB>(TA a, TB b)
        where TA : struct, IContiguousArrayView
        where TB : struct, IContiguousArrayView =>
        a.Buffer == b.Buffer
        && a.IndexInBytes < b.IndexInBytes + b.LengthInBytes
        && b.IndexInBytes < a.IndexInBytes + a.LengthInBytes;

    /// <summary>
    /// A new tensor that <paramref name="fill"/> writes into; freed again if anything after the
    /// allocation throws (a stream of another accelerator, a kernel that fails to load), so that
    /// a refused call leaks no device memory.
    /// </summary>
    private DeviceTensor<T> NewTensor<T>(TensorShape shape, Action<DeviceTensor<T>> fill)
        where T : unmanaged
    {
        var tensor = Allocate<T>(shape);
        try
        {
            fill(tensor);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>New values and PyTorch-form indices that <paramref name="fill"/> writes into; freed again if it throws.</summary>
    private MaxPoolResult<T> NewResult<T>(TensorShape shape, Action<MaxPoolResult<T>> fill)
        where T : unmanaged
    {
        var result = new MaxPoolResult<T>(Allocate<T>(shape), Allocate<long>(shape));
        try
        {
            fill(result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>The stream to launch on: the caller's (checked), or the default one.</summary>
    private AcceleratorStream StreamOrDefault(AcceleratorStream? stream)
    {
        if (stream is null)
        {
            return Accelerator.DefaultStream;
        }

        if (stream.Accelerator != Accelerator)
        {
            throw new ArgumentException($"The stream belongs to '{stream.Accelerator.Name}', not to this engine's accelerator '{Accelerator.Name}'.", nameof(stream));
        }

        return stream;
    }

    /// <summary>Waits for a launch made without a caller's stream, so that such a call is synchronous.</summary>
    private static void Complete(AcceleratorStream? callerStream, AcceleratorStream used)
    {
        if (callerStream is null)
        {
            used.Synchronize();
        }
    }

    /// <summary>Launches the window-pooling kernel in the input's layout, after all checks have passed.</summary>
    internal void LaunchWindowPool<T, TAcc, TElement, TGeometry, TReduction>(
        DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        var used = StreamOrDefault(stream);
        if (output.Length > 0)
        {
            var shape = PoolShape.Of(input.Shape, output);
            if (input.Shape.Layout == TensorLayout.ChannelsLast)
            {
                LaunchWindowPool<T, TAcc, TElement, ChannelsLast, TGeometry, TReduction>(used, input.View, shape, geometry, reduction);
            }
            else
            {
                LaunchWindowPool<T, TAcc, TElement, ChannelsFirst, TGeometry, TReduction>(used, input.View, shape, geometry, reduction);
            }
        }

        Complete(stream, used);
    }

    /// <summary>Launches one specialisation of the window-pooling kernel: a thread per output, grid-strided.</summary>
    private void LaunchWindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>(
        AcceleratorStream stream, ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        var config = launch.ForItems(shape.Output.Length);
        kernels.Get(WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>.Kernel)(
            stream, config, input, shape, GridStep.Of<TLayout>(shape.Output, config), geometry, reduction);
    }

    /// <summary>Launches the window-pooling backward kernel in the tensors' layout, after all checks have passed.</summary>
    internal void LaunchWindowBackward<T, TAcc, TElement, TGeometry, TGradient>(
        DeviceTensor<T> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        var used = StreamOrDefault(stream);
        if (gradInput.Shape.Length > 0)
        {
            var shape = PoolShape.Of(gradInput.Shape, output);
            if (gradInput.Shape.Layout == TensorLayout.ChannelsLast)
            {
                LaunchWindowBackward<T, TAcc, TElement, ChannelsLast, TGeometry, TGradient>(used, gradInput.View, shape, geometry, gradient);
            }
            else
            {
                LaunchWindowBackward<T, TAcc, TElement, ChannelsFirst, TGeometry, TGradient>(used, gradInput.View, shape, geometry, gradient);
            }
        }

        Complete(stream, used);
    }

    /// <summary>Launches one specialisation of the window-pooling backward kernel: a thread per input element, grid-strided.</summary>
    private void LaunchWindowBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>(
        AcceleratorStream stream, ArrayView<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        var config = launch.ForItems(shape.Input.Length);
        kernels.Get(WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>.Kernel)(
            stream, config, gradInput, shape, GridStep.Of<TLayout>(shape.Input, config), geometry, gradient);
    }

    /// <summary>Launches the per-plane reduction kernel of a channels-first input, after all checks have passed.</summary>
    internal void LaunchGlobal<T, TPartial, TReduction>(DeviceTensor<T> input, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TPartial : unmanaged
        where TReduction : struct, IPlaneReduction<T, TPartial>
    {
        var shape = input.Shape;
        var used = StreamOrDefault(stream);
        if (shape.Planes > 0)
        {
            var kernel = kernels.Get(GlobalPool<T, TPartial, TReduction>.Kernel);
            var (config, teamsPerGroup) = launch.ForPlanes(shape.Planes, shape.PlaneLength);
            kernel(used, config, input.View, shape.Planes, shape.PlaneLength, teamsPerGroup, reduction);
        }

        Complete(stream, used);
    }

    /// <summary>Launches the compact-to-PyTorch index conversion in the output's layout.</summary>
    internal void LaunchConversion<TGeometry, TCells>(WindowIndices<TCells> compact, MaxPoolIndices indices, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TCells : struct, IIndexCells
    {
        var used = StreamOrDefault(stream);
        var output = indices.OutputShape;
        if (output.Length > 0)
        {
            var config = launch.ForItems(output.Length);
            var shape = PoolShape.Of(indices.InputShape, output);
            if (output.Layout == TensorLayout.ChannelsLast)
            {
                kernels.Get(IndexConversion<ChannelsLast, TGeometry, TCells>.Kernel)(used, config, compact, shape, GridStep.Of<ChannelsLast>(shape.Output, config), geometry, torch);
            }
            else
            {
                kernels.Get(IndexConversion<ChannelsFirst, TGeometry, TCells>.Kernel)(used, config, compact, shape, GridStep.Of<ChannelsFirst>(shape.Output, config), geometry, torch);
            }
        }

        Complete(stream, used);
    }
}
