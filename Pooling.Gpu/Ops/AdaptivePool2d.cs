using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// <c>adaptive_avg_pool2d</c> and <c>adaptive_max_pool2d</c>: any output size, windows
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c> that may overlap and differ in size. (Adaptive max
/// backward is <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>
/// or <see cref="AdaptiveMaxPool2dBackward"/>.)
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>Adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveAvgPool2d<T>(DeviceTensor<T> input, Size2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AdaptiveSize.Of2d("adaptive_avg_pool2d", outputSize), stream);

    /// <summary>Adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveAvgPool2d<T>(DeviceTensor<T> input, Size2 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AdaptiveSize.Of2d("adaptive_avg_pool2d", outputSize), output, stream);

    /// <summary>Adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveMaxPool2d<T>(DeviceTensor<T> input, Size2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), stream);

    /// <summary>Adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool2d<T>(DeviceTensor<T> input, Size2 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, stream);

    /// <summary>Adaptive max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, OH, OW).</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty dim other than N.</exception>
    public MaxPoolResult<T> AdaptiveMaxPool2dWithIndices<T>(DeviceTensor<T> input, Size2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), stream);

    /// <summary>Adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool2dWithIndices<T>(
        DeviceTensor<T> input, Size2 outputSize, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, indices, stream);

    /// <summary>
    /// Adaptive max pooling with compact indices into a caller's tensors (what backward needs at a
    /// fraction of PyTorch's index traffic); nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W); both at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPoolIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool2d<T>(DeviceTensor<T> input, Size2 outputSize, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxCompactInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, indices, stream);

    /// <summary>
    /// adaptive_avg_pool2d backward: each input element gathers, from every window that covers it,
    /// the window's gradient over the window's area (deterministic, no atomics; PyTorch's CUDA
    /// version scatters with atomics and is not).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveAvgPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool2d", 2, stream);
}
