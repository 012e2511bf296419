using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary><c>max_pool3d</c>: max over strided, dilated, padded windows of (N, C, D, H, W) inputs, and its backward.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>3D max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout (NCDHW or NDHWC).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="MaxPool3dOptions.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool3dOptions.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool3d<T>(DeviceTensor<T> input, MaxPool3dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolNew(input, options, stream);

    /// <summary>3D max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="MaxPool3dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool3d<T>(DeviceTensor<T> input, MaxPool3dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolInto(input, options, output, stream);

    /// <summary>3D max pooling with PyTorch-form indices (int64 <c>(d*H + h)*W + w</c> within each (n, c) volume), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="MaxPool3dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="MaxPool3dOptions.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPool3dWithIndices<T>(DeviceTensor<T> input, MaxPool3dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesNew(input, options, stream);

    /// <summary>3D max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="MaxPool3dOptions.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>(d*H + h)*W + w</c> per volume (-1 for a window with no input position); same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void MaxPool3dWithIndices<T>(
        DeviceTensor<T> input, MaxPool3dOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesInto(input, options, output, indices, stream);

    /// <summary>
    /// 3D max pooling with compact indices (the maximum's ordinal in its window, 1 byte for windows
    /// up to 256 positions) into a caller's tensors; nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="MaxPool3dOptions.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateMaxPoolIndices(TensorShape, MaxPool3dOptions)"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void MaxPool3d<T>(DeviceTensor<T> input, MaxPool3dOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for 3D max pooling of inputs of shape <paramref name="input"/> with <paramref name="options"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The pooling options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when kT*kH*kW is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape.</exception>
    public MaxPoolIndices AllocateMaxPoolIndices(TensorShape input, MaxPool3dOptions options) => MaxPoolIndicesFor(input, options);

    /// <summary>max_pool3d backward from PyTorch-form indices; compact indices go to <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void MaxPool3dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPool3dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolBackwardInto(gradOutput, indices, options, gradInput, stream);
}
