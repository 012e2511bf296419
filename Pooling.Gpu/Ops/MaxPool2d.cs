using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary><c>max_pool2d</c>: max over strided, dilated, padded windows.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>Max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="MaxPool2dOptions.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool2dOptions.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool2d<T>(DeviceTensor<T> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolNew(input, options, stream);

    /// <summary>Max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="MaxPool2dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool2d<T>(DeviceTensor<T> input, MaxPool2dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolInto(input, options, output, stream);

    /// <summary>Max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="MaxPool2dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool2dOptions.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPool2dWithIndices<T>(DeviceTensor<T> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesNew(input, options, stream);

    /// <summary>Max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="MaxPool2dOptions.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane (-1 for a window with no input position); same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void MaxPool2dWithIndices<T>(
        DeviceTensor<T> input, MaxPool2dOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesInto(input, options, output, indices, stream);

    /// <summary>
    /// Max pooling with compact indices (the maximum's ordinal in its window, 1 byte for windows up
    /// to 256 positions) into a caller's tensors: what backward needs at an eighth of PyTorch's index
    /// traffic. Nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="MaxPool2dOptions.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateMaxPoolIndices(TensorShape, MaxPool2dOptions)"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void MaxPool2d<T>(DeviceTensor<T> input, MaxPool2dOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for max pooling inputs of shape <paramref name="input"/> with <paramref name="options"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The pooling options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when kH*kW is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape, or a window has more than 2^32 positions.</exception>
    public MaxPoolIndices AllocateMaxPoolIndices(TensorShape input, MaxPool2dOptions options) =>
        MaxPoolIndicesFor(input, options);
}
