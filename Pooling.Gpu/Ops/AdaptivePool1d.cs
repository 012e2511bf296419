using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// <c>adaptive_avg_pool1d</c> and <c>adaptive_max_pool1d</c>: any output length, windows
/// <c>[floor(i*L/O), ceil((i+1)*L/O))</c> that may overlap and differ in size; and their backward
/// (deterministic gathers; compact indices go to <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>).
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>1D adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout (NCL or NLC).</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, O), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveAvgPool1d<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AvgSize1d(outputSize), stream);

    /// <summary>1D adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, O).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveAvgPool1d<T>(DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AvgSize1d(outputSize), output, stream);

    /// <summary>1D adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, O), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty dim other than N.</exception>
    public DeviceTensor<T> AdaptiveMaxPool1d<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, MaxSize1d(outputSize), stream);

    /// <summary>1D adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, O).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool1d<T>(DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, MaxSize1d(outputSize), output, stream);

    /// <summary>1D adaptive max pooling with PyTorch-form indices (int64 position <c>l</c> within each row), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, O).</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty dim other than N.</exception>
    public MaxPoolResult<T> AdaptiveMaxPool1dWithIndices<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, MaxSize1d(outputSize), stream);

    /// <summary>1D adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, O).</param>
    /// <param name="indices">Receives the argmax <c>l</c> per row; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool1dWithIndices<T>(
        DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesInto(input, MaxSize1d(outputSize), output, indices, stream);

    /// <summary>1D adaptive max pooling with compact indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the values, of shape (N, C, O).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPool1dIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool1d<T>(DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxCompactInto(input, MaxSize1d(outputSize), output, indices, stream);

    /// <summary>Compact indices for 1D adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="outputSize">The output length they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPool1dIndices(TensorShape input, int outputSize) => AdaptiveIndicesFor(input, MaxSize1d(outputSize));

    /// <summary>adaptive_avg_pool1d backward: each input element gathers the gradients of the windows that cover it over their sizes (deterministic).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, O).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveAvgPool1dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool1d", 1, stream);

    /// <summary>adaptive_max_pool1d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, O).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveMaxPool1dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool1d", 1, stream);

    private static AdaptiveSize AvgSize1d(int outputSize) => AdaptiveSize.Of1d("adaptive_avg_pool1d", outputSize);

    private static AdaptiveSize MaxSize1d(int outputSize) => AdaptiveSize.Of1d("adaptive_max_pool1d", outputSize);
}
