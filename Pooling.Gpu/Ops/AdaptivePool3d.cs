using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// <c>adaptive_avg_pool3d</c> and <c>adaptive_max_pool3d</c>: any output size, windows along each axis
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c> that may overlap and differ in size; and their backward
/// (deterministic gathers; compact indices go to <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>).
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>3D adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout (NCDHW or NDHWC).</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OD, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveAvgPool3d<T>(DeviceTensor<T> input, Size3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AvgSize3d(outputSize), stream);

    /// <summary>3D adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OD, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveAvgPool3d<T>(DeviceTensor<T> input, Size3 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AvgSize3d(outputSize), output, stream);

    /// <summary>3D adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OD, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveMaxPool3d<T>(DeviceTensor<T> input, Size3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, MaxSize3d(outputSize), stream);

    /// <summary>3D adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, OD, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool3d<T>(DeviceTensor<T> input, Size3 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, MaxSize3d(outputSize), output, stream);

    /// <summary>3D adaptive max pooling with PyTorch-form indices (int64 <c>(d*H + h)*W + w</c> within each volume), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, OD, OH, OW).</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty dim other than N.</exception>
    public MaxPoolResult<T> AdaptiveMaxPool3dWithIndices<T>(DeviceTensor<T> input, Size3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, MaxSize3d(outputSize), stream);

    /// <summary>3D adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OD, OH, OW).</param>
    /// <param name="indices">Receives the argmax <c>(d*H + h)*W + w</c> per volume; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool3dWithIndices<T>(
        DeviceTensor<T> input, Size3 outputSize, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesInto(input, MaxSize3d(outputSize), output, indices, stream);

    /// <summary>3D adaptive max pooling with compact indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W); all at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, OD, OH, OW).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPool3dIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool3d<T>(DeviceTensor<T> input, Size3 outputSize, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxCompactInto(input, MaxSize3d(outputSize), output, indices, stream);

    /// <summary>Compact indices for 3D adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="outputSize">The output size they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPool3dIndices(TensorShape input, Size3 outputSize) => AdaptiveIndicesFor(input, MaxSize3d(outputSize));

    /// <summary>adaptive_avg_pool3d backward: each input element gathers the gradients of the windows that cover it over their sizes (deterministic).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OD, OH, OW).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveAvgPool3dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool3d", 3, stream);

    /// <summary>adaptive_max_pool3d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OD, OH, OW).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveMaxPool3dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool3d", 3, stream);

    private static AdaptiveSize AvgSize3d(Size3 outputSize) => AdaptiveSize.Of3d("adaptive_avg_pool3d", outputSize);

    private static AdaptiveSize MaxSize3d(Size3 outputSize) => AdaptiveSize.Of3d("adaptive_max_pool3d", outputSize);
}
