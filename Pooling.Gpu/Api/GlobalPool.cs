using ILGPU.Runtime;

namespace Pooling.Gpu;

// Global average and max pooling: (N, C, H, W) -> (N, C, 1, 1), and the average's backward (global
// max backward is one of the max-pooling backward forms).
public sealed partial class PoolingEngine
{
    /// <summary>Global average pooling (the mean of each plane) into a new tensor; <c>adaptive_avg_pool2d(x, 1)</c>.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The (N, C, 1, 1) means, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero (C may be 0, batched or not: the result is empty), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> GlobalAvgPool2d<T>(DeviceTensor<T> input, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_avg_pool2d");
        CheckAdaptiveAveraged<T>(shape);
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.GlobalMean(dense.Tensor, output.View, stream));
    }

    /// <summary>Global average pooling into a caller's (N, C, 1, 1) tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="output">Receives the means, of shape (N, C, 1, 1).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero (C may be 0, batched or not: the result is empty), or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void GlobalAvgPool2d<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_avg_pool2d");
        CheckAdaptiveAveraged<T>(shape);
        CheckOutput(output, shape, nameof(output), input, "global average pooling");
        using var dense = Dense(input, stream);
        dispatch.GlobalMean(dense.Tensor, output.View, stream);
    }

    /// <summary>Global max pooling (the max of each plane, NaN propagating) into a new tensor; <c>adaptive_max_pool2d(x, 1)</c>.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The (N, C, 1, 1) maxima, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero, or C is in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public DeviceTensor<T> GlobalMaxPool2d<T>(DeviceTensor<T> input, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.GlobalMax(dense.Tensor, output.View, default(NoIndices), stream));
    }

    /// <summary>Global max pooling into a caller's (N, C, 1, 1) tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero, or C is in a batched input (an unbatched C = 0 gives an empty result); or <paramref name="output"/> has the wrong shape.</exception>
    public void GlobalMaxPool2d<T>(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global max pooling");
        using var dense = Dense(input, stream);
        dispatch.GlobalMax(dense.Tensor, output.View, default(NoIndices), stream);
    }

    /// <summary>Global max pooling with PyTorch-form indices (<c>h*W + w</c> of each plane's max), into new tensors.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Maxima and indices, both (N, C, 1, 1).</returns>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero, or C is in a batched input (an unbatched C = 0 gives an empty result).</exception>
    public MaxPoolResult<T> GlobalMaxPool2dWithIndices<T>(DeviceTensor<T> input, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        using var dense = Dense(input, stream);
        return NewResult<T>(shape, result => dispatch.GlobalMax(dense.Tensor, result.Output.View, Torch(result.Indices, input.Shape), stream));
    }

    /// <summary>Global max pooling with PyTorch-form indices into caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="indices">Receives each plane's argmax <c>h*W + w</c>; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero, or C is in a batched input (an unbatched C = 0 gives an empty result); or an output has the wrong shape.</exception>
    public void GlobalMaxPool2dWithIndices<T>(DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckValuesAndIndices(output, indices, shape, input, "global max pooling");
        using var dense = Dense(input, stream);
        dispatch.GlobalMax(dense.Tensor, output.View, Torch(indices, input.Shape), stream);
    }

    /// <summary>Global max pooling with compact indices into caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half, BFloat16, or an integer type: sbyte, byte, short, int or long (PyTorch's int8 to int64, compared in the type; padding acts as its lowest value).</typeparam>
    /// <param name="input">Input (N, C, H, W) or (C, H, W), either layout.</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="indices">Receives each plane's argmax; made by <see cref="AllocateGlobalMaxPoolIndices"/> for this input shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">The input is not 2D, or H or W is zero, or C is in a batched input (an unbatched C = 0 gives an empty result); or a buffer does not belong to this call.</exception>
    public void GlobalMaxPool2d<T>(DeviceTensor<T> input, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global max pooling");
        CheckIndices(indices, new AdaptiveWindows(PoolShape.Of(input.Shape, shape)), input.Shape, shape);
        using var dense = Dense(input, stream);
        dispatch.GlobalMax(dense.Tensor, output.View, indices.Format, stream);
    }

    /// <summary>Global average pooling backward: every element of a plane gets the plane's gradient over H*W.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, 1, 1).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void GlobalAvgPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, 1, "adaptive_avg_pool2d");
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "global average pooling");
        using var denseGradOutput = Dense(gradOutput, stream);
        dispatch.AvgBackward(denseGradOutput.Tensor, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), 0, gradInput, stream);
    }

    /// <summary>Global max pooling backward from PyTorch-form indices: each plane's gradient goes to its maximum.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, 1, 1).</param>
    /// <param name="indices">The forward call's indices, (N, C, 1, 1).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void GlobalMaxPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, 1, "adaptive_max_pool2d");
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "global max pooling");
        CheckApart(indices, output, nameof(indices), gradInput, "global max pooling");
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseIndices = Dense(indices, stream);
        dispatch.MaxBackward(denseGradOutput.Tensor, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), Torch(denseIndices.Tensor, gradInput.Shape), gradInput, stream);
    }

    /// <summary>Compact indices for global max pooling of inputs of shape <paramref name="input"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per plane when H*W is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The shape is invalid, or a plane has more than 2^32 elements.</exception>
    public MaxPoolIndices AllocateGlobalMaxPoolIndices(TensorShape input) => AllocateAdaptiveMaxPoolIndices(input, 1);

    private TensorShape CheckGlobal<T>(DeviceTensor<T> input, string op)
        where T : unmanaged
    {
        CheckInput(input, nameof(input));
        return PoolingRules.AdaptiveOutputShape(input.Shape, 1, op);
    }
}
