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

    /// <summary>The element kernel: a thread per element, grid-strided.</summary>
    public void Elements<TLayout, TKernel>(TKernel kernel, long work, AcceleratorStream? stream)
        where TLayout : struct, ILayout
        where TKernel : struct, IElementKernel<TKernel, TLayout>
    {
        var used = Streams.OrDefault(accelerator, stream);
        if (kernel.Elements.Length > 0)
        {
            var config = launch.ForItems(kernel.Elements.Length);
            kernels.Get(TKernel.Kernel)(used, config, kernel, GridStep.Of<TLayout>(kernel.Elements, config));
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

    /// <summary>Copies <paramref name="input"/>, contiguous in any layout or strided, into <paramref name="output"/>, contiguous in its layout: a copy of the memory where both are alike, else a thread per output element.</summary>
    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        if (input.IsContiguous && input.Shape.Layout == output.Shape.Layout)
        {
            var used = Streams.OrDefault(accelerator, stream);
            input.View.CopyTo(used, output.View);
            Complete(stream, used);
        }
        else
        {
            this.StridedCopy(input, output, stream);
        }
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
