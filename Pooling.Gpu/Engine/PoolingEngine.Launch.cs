using ILGPU;
using ILGPU.Runtime;

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

        IContiguousArrayView a = input.View;
        IContiguousArrayView b = output.View;
        if (a.Buffer == b.Buffer
            && a.IndexInBytes < b.IndexInBytes + b.LengthInBytes
            && b.IndexInBytes < a.IndexInBytes + a.LengthInBytes)
        {
            throw new ArgumentException($"{name} overlaps the input's memory; {op} cannot work in place.", name);
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

    /// <summary>Launches the window-pooling kernel for one geometry and reduction, after all checks have passed.</summary>
    private void LaunchWindowPool<TGeometry, TReduction>(
        DeviceTensor<float> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction
    {
        var shape = PoolPlanes.Of(input.Shape, output);
        var used = StreamOrDefault(stream);
        if (shape.OutputLength > 0)
        {
            var kernel = kernels.Get(WindowPool2d<TGeometry, TReduction>.Kernel);
            kernel(used, launch.ForItems(shape.OutputLength), input.View, shape, geometry, reduction);
        }

        Complete(stream, used);
    }

    /// <summary>Launches the window-pooling backward kernel (one thread per input element), after all checks have passed.</summary>
    private void LaunchWindowBackward<TGeometry, TGradient>(
        DeviceTensor<float> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient
    {
        var shape = PoolPlanes.Of(gradInput.Shape, output);
        var used = StreamOrDefault(stream);
        if (shape.InputLength > 0)
        {
            var kernel = kernels.Get(WindowPool2dBackward<TGeometry, TGradient>.Kernel);
            kernel(used, launch.ForItems(shape.InputLength), gradInput.View, shape, geometry, gradient);
        }

        Complete(stream, used);
    }
}
