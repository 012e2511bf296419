using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Runs each op as .NET code on the host's cores, over the buffers of an ILGPU CPU accelerator
/// (host memory: a caller's CPU accelerator's buffers are used as they are, no copy). Every op
/// runs the kernels' own per-element bodies with the structs the kernels get, in host loops
/// (<see cref="HostLoops"/>); the common cases first try a vectorised form that gives the same
/// bits (<see cref="IVectorForm"/>). Calls return when the result is written: a CPU accelerator's
/// streams run each launch and copy to its end before they return, so nothing enqueued earlier
/// is pending.
/// </summary>
internal sealed class HostExecution : IExecution
{
    private readonly Accelerator accelerator;

    /// <summary>The host path on <paramref name="accelerator"/>'s memory.</summary>
    /// <exception cref="InvalidOperationException"><see cref="HostWorkers.SpinVariable"/> is set, but not to a whole number of microseconds.</exception>
    internal HostExecution(Accelerator accelerator)
    {
        this.accelerator = accelerator;

        // Read here, so that a bad value fails the engine's construction rather than a call.
        _ = HostWorkers.Spin;
    }

    public void Elements<TLayout, TKernel>(TKernel kernel, long work, AcceleratorStream? stream)
        where TLayout : struct, ILayout
        where TKernel : struct, IElementKernel<TKernel, TLayout>
    {
        Streams.OrDefault(accelerator, stream);
        HostLoops.For(kernel.Elements.Length, work, new ElementRange<TLayout, TKernel>(kernel));
    }

    /// <summary>
    /// Runs an op in a vector form (<see cref="IVectorForm"/>) where one fits, the common cases;
    /// false, and nothing written, leaves it to the op's element kernel. Not part of
    /// <see cref="IExecution"/>: a GPU has no such forms, and the floating types' launches
    /// (<see cref="FloatingKernels{T, TAcc, TElement}"/>) call it directly, without a second
    /// generic virtual call on the way.
    /// </summary>
    internal bool TryVectorForm<TForm>(TForm form, AcceleratorStream? stream)
        where TForm : struct, IVectorForm
    {
        Streams.OrDefault(accelerator, stream);
        return form.TryRun();
    }

    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var used = Streams.OrDefault(accelerator, stream);
        if (input.IsContiguous && input.Shape.Layout == output.Shape.Layout)
        {
            input.View.CopyTo(used, output.View);
        }
        else if (RowCopy<T>.Of(input, output) is var (rows, count))
        {
            HostLoops.For(count, input.Shape.Length, rows);
        }
        else
        {
            this.StridedCopy(input, output, stream);
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
}
