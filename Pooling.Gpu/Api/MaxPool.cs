using ILGPU.Runtime;

namespace Pooling.Gpu;

// max_pool1d, max_pool2d and max_pool3d: max over strided, dilated, padded windows, with
// PyTorch-form or compact indices, and their backward. The options' type gives the rank.
public sealed partial class PoolingEngine
{
    /// <summary>Max pooling (max_pool1d, max_pool2d or max_pool3d, by the options' rank) into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">A <see cref="MaxPool1dOptions"/>, <see cref="MaxPool2dOptions"/> or <see cref="MaxPool3dOptions"/>: kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool<T, TSize>(DeviceTensor<T> input, MaxPoolOptions<TSize> options, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options);
        return MaxNew(input, shape, StridedMaxWindows(input.Shape, shape, options), stream);
    }

    /// <summary>Max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">A <see cref="MaxPool1dOptions"/>, <see cref="MaxPool2dOptions"/> or <see cref="MaxPool3dOptions"/>: kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool<T, TSize>(DeviceTensor<T> input, MaxPoolOptions<TSize> options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options);
        MaxInto(input, shape, StridedMaxWindows(input.Shape, shape, options), options.Op, output, stream);
    }

    /// <summary>Max pooling with PyTorch-form indices (int64, the maximum's position within its (n, c) plane: <c>l</c> (1D), <c>h*W + w</c> (2D) or <c>(d*H + h)*W + w</c> (3D)), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">A <see cref="MaxPool1dOptions"/>, <see cref="MaxPool2dOptions"/> or <see cref="MaxPool3dOptions"/>: kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPoolWithIndices<T, TSize>(DeviceTensor<T> input, MaxPoolOptions<TSize> options, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options);
        return MaxWithIndicesNew(input, shape, StridedMaxWindows(input.Shape, shape, options), stream);
    }

    /// <summary>Max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">A <see cref="MaxPool1dOptions"/>, <see cref="MaxPool2dOptions"/> or <see cref="MaxPool3dOptions"/>: kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="indices">Receives the maximum's position within its (n, c) plane: <c>l</c> (1D), <c>h*W + w</c> (2D) or <c>(d*H + h)*W + w</c> (3D); -1 for a window with no input position. Same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void MaxPoolWithIndices<T, TSize>(
        DeviceTensor<T> input, MaxPoolOptions<TSize> options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options);
        MaxWithIndicesInto(input, shape, StridedMaxWindows(input.Shape, shape, options), options.Op, output, indices, stream);
    }

    /// <summary>
    /// Max pooling with compact indices (the maximum's ordinal in its window, 1 byte for windows up
    /// to 256 positions) into a caller's tensors: what backward needs at an eighth of PyTorch's index
    /// traffic. Nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">A <see cref="MaxPool1dOptions"/>, <see cref="MaxPool2dOptions"/> or <see cref="MaxPool3dOptions"/>: kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateMaxPoolIndices{TSize}(TensorShape, MaxPoolOptions{TSize})"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void MaxPool<T, TSize>(DeviceTensor<T> input, MaxPoolOptions<TSize> options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => MaxPoolCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for max pooling inputs of shape <paramref name="input"/> with <paramref name="options"/>.</summary>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The pooling options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when a window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape, or a window has more than 2^32 positions.</exception>
    public MaxPoolIndices AllocateMaxPoolIndices<TSize>(TensorShape input, MaxPoolOptions<TSize> options)
        where TSize : struct => MaxPoolIndicesFor(input, options);

    /// <summary>
    /// Max pooling backward from PyTorch-form indices; compact indices go to
    /// <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxPoolBackward<T, TSize>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPoolOptions<TSize> options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var output = CheckMaxBackward(gradOutput, indices, options, gradInput);
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseIndices = Dense(indices, stream);
        dispatch.MaxBackward(denseGradOutput.Tensor, StridedMaxWindows(gradInput.Shape, output, options), Torch(denseIndices.Tensor, gradInput.Shape), gradInput, stream);
    }

    internal void MaxPoolCompactInto<T>(DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        MaxCompactInto(input, shape, StridedMaxWindows(input.Shape, shape, options), options.Op, output, indices, stream);
    }

    internal MaxPoolIndices MaxPoolIndicesFor(TensorShape input, IWindowOptions options)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(input);
        var (d, h, w) = options.Axes;
        return new MaxPoolIndices(Accelerator, input, output, StridedMaxWindows(input, output, options), (long)d.Kernel * h.Kernel * w.Kernel);
    }

    /// <summary>Checks a max pooling backward from PyTorch-form indices: gradients and indices of the forward call's shapes; the forward's output shape.</summary>
    private TensorShape CheckMaxBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, IShapeOptions options, DeviceTensor<T> gradInput)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, options.Op);
        CheckApart(indices, output, nameof(indices), gradInput, options.Op);
        return output;
    }

    /// <summary>Checks a window pooling's input and options; the output shape.</summary>
    private TensorShape CheckWindowPool<T>(DeviceTensor<T> input, IWindowOptions options, bool computesInDouble = false)
        where T : unmanaged
    {
        CheckInput(input, nameof(input), computesInDouble);
        ArgumentNullException.ThrowIfNull(options);
        return options.OutputShape(input.Shape);
    }

    private static StridedWindows StridedMaxWindows(TensorShape input, TensorShape output, IWindowOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, PaddingInDivisor.Excluded);
    }

    /// <summary>PyTorch-form indices into <paramref name="indices"/>, per plane of an input of shape <paramref name="input"/>.</summary>
    private static TorchIndices Torch(DeviceTensor<long> indices, TensorShape input) => new(indices.View, TensorDims.Of(input));
}
