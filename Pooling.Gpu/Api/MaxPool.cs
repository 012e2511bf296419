using ILGPU.Runtime;

namespace Pooling.Gpu;

// max_pool1d, max_pool2d and max_pool3d: max over strided, dilated, padded windows, with
// PyTorch-form or compact indices, and their backward; the 1D, 2D and 3D methods share one body per
// form.
public sealed partial class PoolingEngine
{
    /// <summary>1D max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout (NCL or NLC).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool1d<T>(DeviceTensor<T> input, MaxPool1dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolNew(input, options, stream);

    /// <summary>1D max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool1d<T>(DeviceTensor<T> input, MaxPool1dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolInto(input, options, output, stream);

    /// <summary>1D max pooling with PyTorch-form indices (int64 position <c>l</c> within each (n, c) row), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPool1dWithIndices<T>(DeviceTensor<T> input, MaxPool1dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesNew(input, options, stream);

    /// <summary>1D max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>l</c> per row (-1 for a window with no input position); same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void MaxPool1dWithIndices<T>(
        DeviceTensor<T> input, MaxPool1dOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesInto(input, options, output, indices, stream);

    /// <summary>
    /// 1D max pooling with compact indices (the maximum's ordinal in its window, 1 byte for windows
    /// up to 256 positions) into a caller's tensors; nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateMaxPoolIndices(TensorShape, MaxPool1dOptions)"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void MaxPool1d<T>(DeviceTensor<T> input, MaxPool1dOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for 1D max pooling of inputs of shape <paramref name="input"/> with <paramref name="options"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The pooling options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when the kernel is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape.</exception>
    public MaxPoolIndices AllocateMaxPoolIndices(TensorShape input, MaxPool1dOptions options) => MaxPoolIndicesFor(input, options);

    /// <summary>max_pool1d backward from PyTorch-form indices; compact indices go to <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxPool1dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPool1dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolBackwardInto(gradOutput, indices, options, gradInput, stream);

    /// <summary>Max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool2d<T>(DeviceTensor<T> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolNew(input, options, stream);

    /// <summary>Max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool2d<T>(DeviceTensor<T> input, MaxPool2dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolInto(input, options, output, stream);

    /// <summary>Max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPool2dWithIndices<T>(DeviceTensor<T> input, MaxPool2dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesNew(input, options, stream);

    /// <summary>Max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
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
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
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

    /// <summary>3D max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout (NCDHW or NDHWC).</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public DeviceTensor<T> MaxPool3d<T>(DeviceTensor<T> input, MaxPool3dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolNew(input, options, stream);

    /// <summary>3D max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void MaxPool3d<T>(DeviceTensor<T> input, MaxPool3dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolInto(input, options, output, stream);

    /// <summary>3D max pooling with PyTorch-form indices (int64 <c>(d*H + h)*W + w</c> within each (n, c) volume), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Values and indices, both of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="PoolOptions{TSize}.OutputShape"/>.</exception>
    public MaxPoolResult<T> MaxPool3dWithIndices<T>(DeviceTensor<T> input, MaxPool3dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolWithIndicesNew(input, options, stream);

    /// <summary>3D max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
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
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, stride, padding, dilation, ceil mode.</param>
    /// <param name="output">Receives the values; shape <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
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
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxPool3dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPool3dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolBackwardInto(gradOutput, indices, options, gradInput, stream);

    /// <summary>max_pool2d backward from PyTorch-form indices (int64 <c>h*W + w</c> per plane).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxPool2dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPool2dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolBackwardInto(gradOutput, indices, options, gradInput, stream);

    private DeviceTensor<T> MaxPoolNew<T>(DeviceTensor<T> input, IWindowOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        return MaxNew(input, shape, StridedMaxWindows(input.Shape, shape, options), stream);
    }

    internal void MaxPoolInto<T>(DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        MaxInto(input, shape, StridedMaxWindows(input.Shape, shape, options), options.Op, output, stream);
    }

    private MaxPoolResult<T> MaxPoolWithIndicesNew<T>(DeviceTensor<T> input, IWindowOptions options, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        return MaxWithIndicesNew(input, shape, StridedMaxWindows(input.Shape, shape, options), stream);
    }

    private void MaxPoolWithIndicesInto<T>(
        DeviceTensor<T> input, IWindowOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options);
        MaxWithIndicesInto(input, shape, StridedMaxWindows(input.Shape, shape, options), options.Op, output, indices, stream);
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

    private void MaxPoolBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, IWindowOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        var output = CheckMaxBackward(gradOutput, indices, options, gradInput);
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseIndices = Dense(indices, stream);
        dispatch.MaxBackward(denseGradOutput.Tensor, StridedMaxWindows(gradInput.Shape, output, options), Torch(denseIndices.Tensor, gradInput.Shape), gradInput, stream);
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
