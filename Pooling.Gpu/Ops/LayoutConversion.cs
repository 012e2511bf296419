using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The layout conversion kernel: one thread per output element reads the same (n, c, d, h, w) of the input.</summary>
internal static class LayoutConversion<T, TFrom, TTo>
    where T : unmanaged
    where TFrom : struct, ILayout
    where TTo : struct, ILayout
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<T>, ArrayView<T>, TensorDims, GridStep> Kernel = Run;

    private static void Run(ArrayView<T> input, ArrayView<T> output, TensorDims dims, GridStep step)
    {
        long total = dims.Length;
        for (var walk = GridWalk<TTo>.OfThisThread(dims, step); walk.Index < total; walk.Advance())
        {
            var at = walk.At;
            output[walk.Index] = input[default(TFrom).Offset(dims, at.N, at.C, at.D, at.H, at.W)];
        }
    }
}

/// <summary>Conversion between channels-first and channels-last layouts.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>A copy of <paramref name="input"/> in <paramref name="layout"/> (PyTorch's <c>x.contiguous(memory_format=...)</c>).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">The tensor to convert.</param>
    /// <param name="layout">The layout of the copy.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>A new tensor of the same logical shape in <paramref name="layout"/>.</returns>
    public DeviceTensor<T> ToLayout<T>(DeviceTensor<T> input, TensorLayout layout, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        return NewTensor<T>(input.Shape.WithLayout(layout), output => ConvertLayout(input, output, stream));
    }

    /// <summary>Copies <paramref name="input"/> into <paramref name="output"/>, which has the same logical shape in any layout.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">The tensor to convert.</param>
    /// <param name="output">Receives the elements in its own layout; same logical shape as <paramref name="input"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The shapes differ other than in layout, or the tensors overlap.</exception>
    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        ArgumentNullException.ThrowIfNull(output);
        CheckOutput(output, input.Shape.WithLayout(output.Shape.Layout), nameof(output), input, "a layout conversion");
        var used = StreamOrDefault(stream);
        var dims = TensorDims.Of(input.Shape);
        if (input.Shape.Layout == output.Shape.Layout)
        {
            input.View.CopyTo(used, output.View);
        }
        else if (dims.Length > 0)
        {
            var config = launch.ForItems(dims.Length);
            if (input.Shape.Layout == TensorLayout.ChannelsFirst)
            {
                kernels.Get(LayoutConversion<T, ChannelsFirst, ChannelsLast>.Kernel)(used, config, input.View, output.View, dims, GridStep.Of<ChannelsLast>(dims, config));
            }
            else
            {
                kernels.Get(LayoutConversion<T, ChannelsLast, ChannelsFirst>.Kernel)(used, config, input.View, output.View, dims, GridStep.Of<ChannelsFirst>(dims, config));
            }
        }

        Complete(stream, used);
    }
}
