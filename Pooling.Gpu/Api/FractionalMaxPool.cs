using ILGPU.Runtime;

namespace Pooling.Gpu;

// fractional_max_pool2d and fractional_max_pool3d: max over windows of a fixed size whose starts
// follow a pseudorandom sequence per plane (Graham's fractional max pooling), from the caller's
// samples (PyTorch's _random_samples) or drawn on the device from the options' seed; and their
// backward. The 2D and 3D methods share one body per form.
public sealed partial class PoolingEngine
{
    /// <summary>The kernel PyTorch names when it refuses fractional max pooling of integer tensors (it draws the samples first).</summary>
    private const string FloatingOnly = "check_uniform_bounds";

    /// <summary>Fractional max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>: (N', C, 2) channels-first, N' at least N, each plane's (w, h) samples in [0, 1); the same samples give PyTorch's windows. Null: drawn from <see cref="FractionalMaxPoolOptions{TSize, TRatio}.Seed"/>.</param>
    /// <returns>The pooled tensor, of shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>, or the samples have another shape.</exception>
    public DeviceTensor<T> FractionalMaxPool2d<T>(DeviceTensor<T> input, FractionalMaxPool2dOptions options, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalNew(input, options, samples, stream);

    /// <summary>Fractional max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 2) with N' at least N; null: drawn from the seed.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void FractionalMaxPool2d<T>(
        DeviceTensor<T> input, FractionalMaxPool2dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalInto(input, options, output, samples, stream);

    /// <summary>Fractional max pooling with PyTorch-form indices (int64 <c>h*W + w</c> per plane), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 2) with N' at least N; null: drawn from the seed. Backward needs the same.</param>
    /// <returns>Values and indices, both of shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</exception>
    public MaxPoolResult<T> FractionalMaxPool2dWithIndices<T>(
        DeviceTensor<T> input, FractionalMaxPool2dOptions options, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalWithIndicesNew(input, options, samples, stream);

    /// <summary>Fractional max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="output">Receives the values; shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>h*W + w</c> per plane; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 2) with N' at least N; null: drawn from the seed. Backward needs the same.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void FractionalMaxPool2dWithIndices<T>(
        DeviceTensor<T> input, FractionalMaxPool2dOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalWithIndicesInto(input, options, output, indices, samples, stream);

    /// <summary>
    /// Fractional max pooling with compact indices into a caller's tensors, over windows drawn from
    /// <see cref="FractionalMaxPoolOptions{TSize, TRatio}.Seed"/> (the indices record the seed;
    /// windows from a caller's samples take PyTorch-form indices). Nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and seed.</param>
    /// <param name="output">Receives the values; shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateFractionalMaxPoolIndices{T}(TensorShape, FractionalMaxPool2dOptions)"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void FractionalMaxPool2d<T>(DeviceTensor<T> input, FractionalMaxPool2dOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => FractionalCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for fractional max pooling of <typeparamref name="T"/> inputs of shape <paramref name="input"/> with <paramref name="options"/> (seed included).</summary>
    /// <typeparam name="T">The element type the indices will be used with: fp64 windows are computed in float64, the others in float32.</typeparam>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when kH*kW is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape, or <typeparamref name="T"/> is not an element type the engine pools.</exception>
    /// <exception cref="NotSupportedException">This device lacks what ILGPU needs for <typeparamref name="T"/> (fp16 or fp64 on some OpenCL devices).</exception>
    public MaxPoolIndices AllocateFractionalMaxPoolIndices<T>(TensorShape input, FractionalMaxPool2dOptions options)
        where T : unmanaged => FractionalIndicesFor<T>(input, options);

    /// <summary>
    /// fractional_max_pool2d backward from PyTorch-form indices; compact indices go to
    /// <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>.
    /// Each input element gathers the gradients of the windows whose maximum it is (deterministic;
    /// PyTorch's CUDA backward scatters with atomics): the windows must be the forward's, from the
    /// same options (seed) and samples.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">The forward call's samples; null if it drew its windows from the seed.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void FractionalMaxPool2dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, FractionalMaxPool2dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalBackwardInto(gradOutput, indices, options, gradInput, samples, stream);

    /// <summary>3D fractional max pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>: (N', C, 3) channels-first, N' at least N, each plane's (t, h, w) samples in [0, 1); the same samples give PyTorch's windows. Null: drawn from <see cref="FractionalMaxPoolOptions{TSize, TRatio}.Seed"/>.</param>
    /// <returns>The pooled tensor, of shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/> (the input's layout).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>, or the samples have another shape.</exception>
    public DeviceTensor<T> FractionalMaxPool3d<T>(DeviceTensor<T> input, FractionalMaxPool3dOptions options, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalNew(input, options, samples, stream);

    /// <summary>3D fractional max pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 3) with N' at least N; null: drawn from the seed.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void FractionalMaxPool3d<T>(
        DeviceTensor<T> input, FractionalMaxPool3dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalInto(input, options, output, samples, stream);

    /// <summary>3D fractional max pooling with PyTorch-form indices (int64 <c>(d*H + h)*W + w</c> per volume), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 3) with N' at least N; null: drawn from the seed. Backward needs the same.</param>
    /// <returns>Values and indices, both of shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</exception>
    public MaxPoolResult<T> FractionalMaxPool3dWithIndices<T>(
        DeviceTensor<T> input, FractionalMaxPool3dOptions options, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalWithIndicesNew(input, options, samples, stream);

    /// <summary>3D fractional max pooling with PyTorch-form indices into a caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and the seed that draws the windows when <paramref name="samples"/> is null.</param>
    /// <param name="output">Receives the values; shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="indices">Receives the argmax <c>(d*H + h)*W + w</c> per volume; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">PyTorch's <c>_random_samples</c>, (N', C, 3) with N' at least N; null: drawn from the seed. Backward needs the same.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or an output has the wrong shape.</exception>
    public void FractionalMaxPool3dWithIndices<T>(
        DeviceTensor<T> input, FractionalMaxPool3dOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalWithIndicesInto(input, options, output, indices, samples, stream);

    /// <summary>
    /// 3D fractional max pooling with compact indices into a caller's tensors, over windows drawn
    /// from <see cref="FractionalMaxPoolOptions{TSize, TRatio}.Seed"/>. Nothing is written if an argument is rejected.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="input">Input (N, C, D, H, W) or (C, D, H, W), either layout.</param>
    /// <param name="options">Kernel, output size or ratio, and seed.</param>
    /// <param name="output">Receives the values; shape <see cref="FractionalMaxPoolOptions{TSize, TRatio}.OutputShape"/>.</param>
    /// <param name="indices">Receives the positions; made by <see cref="AllocateFractionalMaxPoolIndices{T}(TensorShape, FractionalMaxPool3dOptions)"/> for this input shape and options.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or a buffer does not belong to this call.</exception>
    public void FractionalMaxPool3d<T>(DeviceTensor<T> input, FractionalMaxPool3dOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged => FractionalCompactInto(input, options, output, indices, stream);

    /// <summary>Compact indices for 3D fractional max pooling of <typeparamref name="T"/> inputs of shape <paramref name="input"/> with <paramref name="options"/> (seed included).</summary>
    /// <typeparam name="T">The element type the indices will be used with: fp64 windows are computed in float64, the others in float32.</typeparam>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="options">The options they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when kT*kH*kW is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The options do not fit the shape, or <typeparamref name="T"/> is not an element type the engine pools.</exception>
    /// <exception cref="NotSupportedException">This device lacks what ILGPU needs for <typeparamref name="T"/> (fp16 or fp64 on some OpenCL devices).</exception>
    public MaxPoolIndices AllocateFractionalMaxPoolIndices<T>(TensorShape input, FractionalMaxPool3dOptions options)
        where T : unmanaged => FractionalIndicesFor<T>(input, options);

    /// <summary>
    /// fractional_max_pool3d backward from PyTorch-form indices, a deterministic gather over the
    /// forward's windows (same options and samples); compact indices go to
    /// <see cref="MaxPoolBackward{T}(DeviceTensor{T}, MaxPoolIndices, DeviceTensor{T}, AcceleratorStream?)"/>.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <param name="samples">The forward call's samples; null if it drew its windows from the seed.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void FractionalMaxPool3dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, FractionalMaxPool3dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null, DeviceTensor<T>? samples = null)
        where T : unmanaged => FractionalBackwardInto(gradOutput, indices, options, gradInput, samples, stream);

    private DeviceTensor<T> FractionalNew<T>(DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T>? samples, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, spec) = CheckFractional(input, options, samples);
        using var dense = Dense(input, stream);
        using var denseSamples = DenseOrNull(samples, stream);
        return NewTensor<T>(shape, output => dispatch.FractionalMaxPool(dense.Tensor, shape, spec, denseSamples?.Tensor, output.View, default(NoIndices), stream));
    }

    private void FractionalInto<T>(DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T> output, DeviceTensor<T>? samples, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, spec) = CheckFractional(input, options, samples);
        CheckFractionalOutput(output, shape, nameof(output), input, samples, options.Op);
        using var dense = Dense(input, stream);
        using var denseSamples = DenseOrNull(samples, stream);
        dispatch.FractionalMaxPool(dense.Tensor, shape, spec, denseSamples?.Tensor, output.View, default(NoIndices), stream);
    }

    private MaxPoolResult<T> FractionalWithIndicesNew<T>(DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T>? samples, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, spec) = CheckFractional(input, options, samples);
        using var dense = Dense(input, stream);
        using var denseSamples = DenseOrNull(samples, stream);
        return NewResult<T>(shape, result => dispatch.FractionalMaxPool(dense.Tensor, shape, spec, denseSamples?.Tensor, result.Output.View, Torch(result.Indices, input.Shape), stream));
    }

    /// <summary>The forward with PyTorch-form indices; <paramref name="seed"/>, when given, draws the windows in place of the options' (a layer's call, without a new options object).</summary>
    internal void FractionalWithIndicesInto<T>(
        DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T> output, DeviceTensor<long> indices, DeviceTensor<T>? samples, AcceleratorStream? stream, ulong? seed = null)
        where T : unmanaged
    {
        var (shape, spec) = CheckFractional(input, options, samples);
        spec = spec with { Seed = seed ?? spec.Seed };
        CheckFractionalOutput(output, shape, nameof(output), input, samples, options.Op);
        CheckFractionalOutput(indices, shape, nameof(indices), input, samples, options.Op);
        CheckOutput(indices, shape, nameof(indices), output, options.Op);
        using var dense = Dense(input, stream);
        using var denseSamples = DenseOrNull(samples, stream);
        dispatch.FractionalMaxPool(dense.Tensor, shape, spec, denseSamples?.Tensor, output.View, Torch(indices, input.Shape), stream);
    }

    private void FractionalCompactInto<T>(DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream)
        where T : unmanaged
    {
        var (shape, spec) = CheckFractional(input, options, samples: null);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        CheckIndices(indices, spec, input.Shape, shape);
        using var dense = Dense(input, stream);
        dispatch.FractionalMaxPool(dense.Tensor, shape, spec, null, output.View, indices.Format, stream);
    }

    private MaxPoolIndices FractionalIndicesFor<T>(TensorShape input, IFractionalOptions options)
        where T : unmanaged
    {
        ThrowIfDisposed();
        dispatch.CheckElement<T>(nameof(input), computesInDouble: false);
        CheckFloatingOnly<T>(FloatingOnly);
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(input);
        var spec = options.Spec(input, output, InDouble<T>());
        return new MaxPoolIndices(Accelerator, input, output, spec, (long)spec.Kernel.D * spec.Kernel.H * spec.Kernel.W);
    }

    /// <summary>The backward from PyTorch-form indices; <paramref name="seed"/>, when given, is the forward call's in place of the options'.</summary>
    internal void FractionalBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, IFractionalOptions options, DeviceTensor<T> gradInput, DeviceTensor<T>? samples, AcceleratorStream? stream, ulong? seed = null)
        where T : unmanaged
    {
        var output = CheckMaxBackward(gradOutput, indices, options, gradInput);
        CheckSamples(samples, gradInput.Shape, options.SampleRank);
        CheckApartFromSamples(gradInput, nameof(gradInput), samples, options.Op);
        var spec = options.Spec(gradInput.Shape, output, InDouble<T>());
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseSamples = DenseOrNull(samples, stream);
        using var denseIndices = Dense(indices, stream);
        dispatch.FractionalMaxBackward(denseGradOutput.Tensor, spec with { Seed = seed ?? spec.Seed }, denseSamples?.Tensor, Torch(denseIndices.Tensor, gradInput.Shape), gradInput, stream);
    }

    /// <summary>Checks a fractional pooling's input, options and samples; the output shape and the windows.</summary>
    private (TensorShape Output, FractionalSpec Spec) CheckFractional<T>(DeviceTensor<T> input, IFractionalOptions options, DeviceTensor<T>? samples)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        CheckFloatingOnly<T>(FloatingOnly);
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(input.Shape);
        CheckSamples(samples, input.Shape, options.SampleRank);
        return (output, options.Spec(input.Shape, output, InDouble<T>()));
    }

    /// <summary>
    /// Checks a caller's samples, if any, with PyTorch's rules (3 dims; N at least the input's, C
    /// the input's, one sample per spatial axis), and that they are in PyTorch's memory order.
    /// </summary>
    private void CheckSamples<T>(DeviceTensor<T>? samples, TensorShape input, int rank)
        where T : unmanaged
    {
        if (samples is null)
        {
            return;
        }

        CheckTensor(samples, nameof(samples));

        // Three sizes are a batched 1D shape (N, C, L) or an unbatched 2D one (C, H, W); read without allocating.
        var shape = samples.Shape;
        var (batches, channels, count) = shape.IsBatched ? (shape.N, shape.C, shape.W) : (shape.C, shape.H, shape.W);
        string? broken =
            shape.Rank != 3 ? $"Expect _random_samples to have 3 dimensions, got {shape.Rank}"
            : batches < input.N ? "Expect _random_samples.size(0) no less then input batch size."
            : channels != input.C ? "Expect _random_samples.size(1) equals to input channel size."
            : count != rank ? $"Expect _random_samples.size(2) equals to {rank}; got {count}."
            : shape.Layout == TensorLayout.ChannelsLast ? "The samples are read in PyTorch's (N, C, rank) order; channels-last samples are not."
            : null;
        if (broken is not null)
        {
            throw new ArgumentException($"{broken} (samples {samples.Shape}, input {input})", nameof(samples));
        }
    }

    /// <summary>Checks an output of a fractional pooling (as <see cref="CheckOutput"/>), which must not overlap the samples it reads either.</summary>
    private void CheckFractionalOutput<TOut, T>(DeviceTensor<TOut> output, TensorShape expected, string name, DeviceTensor<T> input, DeviceTensor<T>? samples, string op)
        where TOut : unmanaged
        where T : unmanaged
    {
        CheckOutput(output, expected, name, input, op);
        CheckApartFromSamples(output, name, samples, op);
    }

    /// <summary>Checks that a checked output does not overlap the samples its op reads.</summary>
    private static void CheckApartFromSamples<TOut, T>(DeviceTensor<TOut> output, string name, DeviceTensor<T>? samples, string op)
        where TOut : unmanaged
        where T : unmanaged
    {
        if (samples is not null && Overlap(samples.Memory, output.Memory))
        {
            throw new ArgumentException($"{name} overlaps the samples' memory, which {op} reads while it writes.", name);
        }
    }

    /// <summary>Whether fractional windows over <typeparamref name="T"/> are computed in float64: fp64's, as PyTorch's acc_type.</summary>
    private static bool InDouble<T>()
        where T : unmanaged => typeof(T) == typeof(double);
}
