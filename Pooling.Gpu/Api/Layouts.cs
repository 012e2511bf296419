using ILGPU.Runtime;

namespace Pooling.Gpu;

// Conversion between channels-first and channels-last layouts, and contiguous copies of strided views.
public sealed partial class PoolingEngine
{
    /// <summary>
    /// A contiguous copy of <paramref name="input"/> in its own layout (PyTorch's <c>x.contiguous()</c>,
    /// except that it always copies): what ops pool when given a strided view, kept for reuse or
    /// for the caller's own kernels (<see cref="DeviceTensor{T}.View"/>).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, sbyte, byte, short, int or long.</typeparam>
    /// <param name="input">The tensor to copy, contiguous or strided.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>A new contiguous tensor of the same shape and layout.</returns>
    public DeviceTensor<T> Contiguous<T>(DeviceTensor<T> input, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(input);
        return ToLayout(input, input.Shape.Layout, stream);
    }

    /// <summary>A copy of <paramref name="input"/> in <paramref name="layout"/> (PyTorch's <c>x.contiguous(memory_format=...)</c>).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, sbyte, byte, short, int or long.</typeparam>
    /// <param name="input">The tensor to convert, contiguous or strided.</param>
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
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, sbyte, byte, short, int or long.</typeparam>
    /// <param name="input">The tensor to convert, contiguous or strided.</param>
    /// <param name="output">Receives the elements in its own layout; same logical shape as <paramref name="input"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The shapes differ other than in layout, the tensors overlap, or the output is strided.</exception>
    public void ConvertLayout<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        ArgumentNullException.ThrowIfNull(output);
        CheckOutput(output, input.Shape.WithLayout(output.Shape.Layout), nameof(output), input, "a layout conversion");
        dispatch.ConvertLayout(input, output, stream);
    }
}
