using ILGPU.Runtime;

namespace Pooling.Gpu;

// adaptive_avg_pool1d/2d/3d and adaptive_max_pool1d/2d/3d: any output size, windows [floor(i*L/O),
// ceil((i+1)*L/O)) that may overlap and differ in size; and their backward.
public sealed partial class PoolingEngine
{
    /// <summary>1D adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout (NCL or NLC).</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, O), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty spatial dim (C may be 0, batched or not: the result is empty), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> AdaptiveAvgPool1d<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AvgSize1d(outputSize), stream);

    /// <summary>1D adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, O).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool1d<T>(DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AvgSize1d(outputSize), output, stream);

    /// <summary>1D adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, O), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public DeviceTensor<T> AdaptiveMaxPool1d<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, MaxSize1d(outputSize), stream);

    /// <summary>1D adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="output">Receives the result, of shape (N, C, O).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool1d<T>(DeviceTensor<T> input, int outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, MaxSize1d(outputSize), output, stream);

    /// <summary>1D adaptive max pooling with PyTorch-form indices (int64 position <c>l</c> within each row), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="outputSize">The output's length; at least 1.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, O).</returns>
    /// <exception cref="ArgumentException">The output size is below 1, or the input is not 1D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public MaxPoolResult<T> AdaptiveMaxPool1dWithIndices<T>(DeviceTensor<T> input, int outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, MaxSize1d(outputSize), stream);

    /// <summary>1D adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
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
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
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
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, O).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool1dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool1d", 1, stream);

    /// <summary>adaptive_max_pool1d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, O).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveMaxPool1dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool1d", 1, stream);

    private static AdaptiveSize AvgSize1d(int outputSize) => AdaptiveSize.Of1d("adaptive_avg_pool1d", outputSize);

    private static AdaptiveSize MaxSize1d(int outputSize) => AdaptiveSize.Of1d("adaptive_max_pool1d", outputSize);

    /// <summary>Adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty spatial dim (C may be 0, batched or not: the result is empty), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> AdaptiveAvgPool2d<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AdaptiveSize.Of2d("adaptive_avg_pool2d", outputSize), stream);

    /// <summary>Adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool2d<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AdaptiveSize.Of2d("adaptive_avg_pool2d", outputSize), output, stream);

    /// <summary>Adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public DeviceTensor<T> AdaptiveMaxPool2d<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), stream);

    /// <summary>Adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the result, of shape (N, C, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool2d<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, stream);

    /// <summary>Adaptive max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, OH, OW).</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 2D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public MaxPoolResult<T> AdaptiveMaxPool2dWithIndices<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), stream);

    /// <summary>Adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool2dWithIndices<T>(
        DeviceTensor<T> input, AdaptiveSize2 outputSize, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, indices, stream);

    /// <summary>
    /// Adaptive max pooling with compact indices into a caller's tensors (what backward needs at a
    /// fraction of PyTorch's index traffic); nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="outputSize">The output's (H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the values, of shape (N, C, OH, OW).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPoolIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool2d<T>(DeviceTensor<T> input, AdaptiveSize2 outputSize, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxCompactInto(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize), output, indices, stream);

    /// <summary>
    /// adaptive_avg_pool2d backward: each input element gathers, from every window that covers it,
    /// the window's gradient over the window's area (deterministic, no atomics; PyTorch's CUDA
    /// version scatters with atomics and is not).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool2d", 2, stream);

    /// <summary>3D adaptive average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout (NCDHW or NDHWC).</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OD, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> AdaptiveAvgPool3d<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgNew(input, AvgSize3d(outputSize), stream);

    /// <summary>3D adaptive average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the result, of shape (N, C, OD, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool3d<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgInto(input, AvgSize3d(outputSize), output, stream);

    /// <summary>3D adaptive max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor (N, C, OD, OH, OW), of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public DeviceTensor<T> AdaptiveMaxPool3d<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxNew(input, MaxSize3d(outputSize), stream);

    /// <summary>3D adaptive max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the result, of shape (N, C, OD, OH, OW).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AdaptiveMaxPool3d<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxInto(input, MaxSize3d(outputSize), output, stream);

    /// <summary>3D adaptive max pooling with PyTorch-form indices (int64 <c>(d*H + h)*W + w</c> within each volume), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape (N, C, OD, OH, OW).</returns>
    /// <exception cref="ArgumentException">An output size is below 1, or the input is not 3D or has an empty spatial dim, or C = 0 in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public MaxPoolResult<T> AdaptiveMaxPool3dWithIndices<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesNew(input, MaxSize3d(outputSize), stream);

    /// <summary>3D adaptive max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the values, of shape (N, C, OD, OH, OW).</param>
    /// <param name="indices">Receives the argmax <c>(d*H + h)*W + w</c> per volume; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void AdaptiveMaxPool3dWithIndices<T>(
        DeviceTensor<T> input, AdaptiveSize3 outputSize, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxWithIndicesInto(input, MaxSize3d(outputSize), output, indices, stream);

    /// <summary>3D adaptive max pooling with compact indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="outputSize">The output's (D, H, W), each at least 1; null along a dimension keeps the input's size there (PyTorch's None).</param>
    /// <param name="output">Receives the values, of shape (N, C, OD, OH, OW).</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateAdaptiveMaxPool3dIndices"/> for this input shape and output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void AdaptiveMaxPool3d<T>(DeviceTensor<T> input, AdaptiveSize3 outputSize, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxCompactInto(input, MaxSize3d(outputSize), output, indices, stream);

    /// <summary>Compact indices for 3D adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="outputSize">The output size they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPool3dIndices(TensorShape input, AdaptiveSize3 outputSize) => AdaptiveIndicesFor(input, MaxSize3d(outputSize));

    /// <summary>adaptive_avg_pool3d backward: each input element gathers the gradients of the windows that cover it over their sizes (deterministic).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OD, OH, OW).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveAvgPool3dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveAvgBackwardInto(gradOutput, gradInput, "adaptive_avg_pool3d", 3, stream);

    /// <summary>adaptive_max_pool3d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OD, OH, OW).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveMaxPool3dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool3d", 3, stream);

    /// <summary>adaptive_max_pool2d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void AdaptiveMaxPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool2d", 2, stream);

    /// <summary>Compact indices for adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="outputSize">The output size they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid, or a window has more than 2^32 positions.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPoolIndices(TensorShape input, AdaptiveSize2 outputSize) =>
        AdaptiveIndicesFor(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize));

    private static AdaptiveSize AvgSize3d(AdaptiveSize3 outputSize) => AdaptiveSize.Of3d("adaptive_avg_pool3d", outputSize);

    private static AdaptiveSize MaxSize3d(AdaptiveSize3 outputSize) => AdaptiveSize.Of3d("adaptive_max_pool3d", outputSize);

    private DeviceTensor<T> AdaptiveAvgNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        CheckAdaptiveAveraged<T>(shape);
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.AvgPool(dense.Tensor, shape, AdaptiveOf(input, shape), output.View, 0, stream));
    }

    internal void AdaptiveAvgInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        CheckAdaptiveAveraged<T>(shape);
        CheckOutput(output, shape, nameof(output), input, size.Op);
        using var dense = Dense(input, stream);
        dispatch.AvgPool(dense.Tensor, shape, AdaptiveOf(input, shape), output.View, 0, stream);
    }

    private DeviceTensor<T> AdaptiveMaxNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        return MaxNew(input, shape, AdaptiveOf(input, shape), stream);
    }

    internal void AdaptiveMaxInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        MaxInto(input, shape, AdaptiveOf(input, shape), size.Op, output, stream);
    }

    private MaxPoolResult<T> AdaptiveMaxWithIndicesNew<T>(DeviceTensor<T> input, AdaptiveSize size, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        return MaxWithIndicesNew(input, shape, AdaptiveOf(input, shape), stream);
    }

    private void AdaptiveMaxWithIndicesInto<T>(
        DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        MaxWithIndicesInto(input, shape, AdaptiveOf(input, shape), size.Op, output, indices, stream);
    }

    internal void AdaptiveMaxCompactInto<T>(DeviceTensor<T> input, AdaptiveSize size, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckAdaptive(input, size);
        MaxCompactInto(input, shape, AdaptiveOf(input, shape), size.Op, output, indices, stream);
    }

    internal void AdaptiveAvgBackwardInto<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, string op, int spatialRank, AcceleratorStream? stream)
        where T : unmanaged
    {
        var output = CheckAdaptiveBackward(gradOutput, gradInput, op, spatialRank);
        using var denseGradOutput = Dense(gradOutput, stream);
        dispatch.AvgBackward(denseGradOutput.Tensor, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), 0, gradInput, stream);
    }

    private void AdaptiveMaxBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, string op, int spatialRank, AcceleratorStream? stream)
        where T : unmanaged
    {
        var output = CheckAdaptiveBackward(gradOutput, gradInput, op, spatialRank);
        CheckApart(indices, output, nameof(indices), gradInput, op);
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseIndices = Dense(indices, stream);
        dispatch.MaxBackward(denseGradOutput.Tensor, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), Torch(denseIndices.Tensor, gradInput.Shape), gradInput, stream);
    }

    internal MaxPoolIndices AdaptiveIndicesFor(TensorShape input, AdaptiveSize size)
    {
        ThrowIfDisposed();
        return AdaptiveIndices(input, size.OutputShape(input));
    }

    private TensorShape CheckAdaptive<T>(DeviceTensor<T> input, AdaptiveSize size)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        return size.OutputShape(input.Shape);
    }

    private static AdaptiveWindows AdaptiveOf<T>(DeviceTensor<T> input, TensorShape output)
        where T : unmanaged => new(PoolShape.Of(input.Shape, output));

    /// <summary>Compact indices for an adaptive geometry, sized by its largest window.</summary>
    private MaxPoolIndices AdaptiveIndices(TensorShape input, TensorShape output)
    {
        var windows = new AdaptiveWindows(PoolShape.Of(input, output));
        long depth = 0, rows = 0, cols = 0;
        for (long i = 0; i < output.D; i++)
        {
            depth = Math.Max(depth, windows.Depth(i).Span);
        }

        for (long i = 0; i < output.H; i++)
        {
            rows = Math.Max(rows, windows.Rows(i).Span);
        }

        for (long i = 0; i < output.W; i++)
        {
            cols = Math.Max(cols, windows.Cols(i).Span);
        }

        return new MaxPoolIndices(Accelerator, input, output, windows, depth * rows * cols);
    }

    private TensorShape CheckAdaptiveBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, string op, int spatialRank = 2)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, (gradOutput.Shape.D, gradOutput.Shape.H, gradOutput.Shape.W), op, spatialRank);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, op);
        return output;
    }
}
