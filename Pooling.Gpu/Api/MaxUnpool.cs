using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

// max_unpool1d, max_unpool2d and max_unpool3d: each scatters the values to the positions their
// PyTorch-form indices name (the output is zero elsewhere), and its backward, the gather at the same
// indices. The options' type gives the rank. Indices are data: whether each lies in the output
// plane (row, volume) is only known on the device. Without a stream, a call first checks them all
// with a small kernel and reads the verdict back (a synchronisation, and an 8-byte device buffer per
// call), and refuses bad ones with PyTorch's error before anything is written. With a stream
// nothing is checked, so that the call stays asynchronous: an index outside the plane is skipped
// (forward) or gives a zero gradient (backward), never an out-of-bounds access.
public sealed partial class PoolingEngine
{
    /// <summary>Max unpooling (max_unpool1d, max_unpool2d or max_unpool3d, by the options' rank) into a new tensor, zero except at the indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">The pooled values (N, C, *) or (C, *), * being the options' spatial axes, either layout.</param>
    /// <param name="indices">Their positions in the output plane, PyTorch's form as max pooling returns them: <c>l</c> (1D), <c>h*W + w</c> (2D) or <c>(d*H + h)*W + w</c> (3D); the input's shape and layout.</param>
    /// <param name="options">A <see cref="MaxUnpool1dOptions"/>, <see cref="MaxUnpool2dOptions"/> or <see cref="MaxUnpool3dOptions"/>: the max pooling's kernel, stride and padding; the output size.</param>
    /// <param name="stream">Enqueue on this stream and return at once (indices unchecked); null: check the indices, run and wait.</param>
    /// <returns>The output, of shape <see cref="MaxUnpoolOptions{TSize}.OutputShape"/>. Of several inputs with the same index, the last one in the plane's order is kept.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule, or (without a stream) an index lies outside the output plane, or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> MaxUnpool<T, TSize>(DeviceTensor<T> input, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckUnpool(input, indices, options);
        using var denseIndices = Dense(indices, stream);
        CheckUnpoolIndexValues(denseIndices.Tensor, shape, stream);
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.Unpool(dense.Tensor, denseIndices.Tensor, output, stream));
    }

    /// <summary>Max unpooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16; integer types are refused, as in PyTorch.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">The pooled values (N, C, *) or (C, *), either layout.</param>
    /// <param name="indices">Their positions in the output plane, PyTorch's form as max pooling returns them: <c>l</c> (1D), <c>h*W + w</c> (2D) or <c>(d*H + h)*W + w</c> (3D); the input's shape and layout.</param>
    /// <param name="options">A <see cref="MaxUnpool1dOptions"/>, <see cref="MaxUnpool2dOptions"/> or <see cref="MaxUnpool3dOptions"/>: the max pooling's kernel, stride and padding; the output size.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="MaxUnpoolOptions{TSize}.OutputShape"/>. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once (indices unchecked); null: check the indices, run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or (without a stream) an index lies outside the output plane, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxUnpool<T, TSize>(DeviceTensor<T> input, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => UnpoolInto(input, indices, options, output, stream);

    /// <summary>
    /// Max unpooling backward: each input element gets the output gradient at its index (a gather,
    /// deterministic; inputs sharing an index each get it, as in PyTorch's autograd).
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="gradOutput">Gradient of the unpooled output; shape <see cref="MaxUnpoolOptions{TSize}.OutputShape"/> of the input's.</param>
    /// <param name="indices">The forward call's indices.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; the indices' shape. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once (indices unchecked); null: check the indices, run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or (without a stream) an index lies outside the output plane, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxUnpoolBackward<T, TSize>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => UnpoolBackwardInto(gradOutput, indices, options, gradInput, stream);

    internal void UnpoolInto<T, TSize>(DeviceTensor<T> input, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
        where TSize : struct
    {
        CheckTensor(output, nameof(output));
        var shape = CheckUnpool(input, indices, options);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        CheckOutput(output, shape, nameof(output), indices, options.Op);
        using var denseIndices = Dense(indices, stream);
        CheckUnpoolIndexValues(denseIndices.Tensor, shape, stream);
        using var dense = Dense(input, stream);
        dispatch.Unpool(dense.Tensor, denseIndices.Tensor, output, stream);
    }

    internal void UnpoolBackwardInto<T, TSize>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
        where TSize : struct
    {
        CheckGradient(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, options.Op);
        CheckUnpoolIndices(indices, gradInput.Shape);
        CheckOutput(gradInput, gradInput.Shape, nameof(gradInput), indices, options.Op);
        using var denseIndices = Dense(indices, stream);
        CheckUnpoolIndexValues(denseIndices.Tensor, output, stream);
        using var denseGradOutput = Dense(gradOutput, stream);
        dispatch.UnpoolBackward(denseGradOutput.Tensor, denseIndices.Tensor, gradInput, stream);
    }

    /// <summary>Checks a forward call's input, indices and options (not the index values); the output shape.</summary>
    private TensorShape CheckUnpool<T, TSize>(DeviceTensor<T> input, DeviceTensor<long> indices, MaxUnpoolOptions<TSize> options)
        where T : unmanaged
        where TSize : struct
    {
        CheckInput(input, nameof(input));
        ArgumentNullException.ThrowIfNull(options);
        var shape = options.OutputShape(input.Shape);
        CheckUnpoolIndices(indices, input.Shape);
        CheckFloatingOnly<T>(options.Op);
        return shape;
    }

    private void CheckUnpoolIndices(DeviceTensor<long> indices, TensorShape input)
    {
        CheckTensor(indices, nameof(indices));
        if (indices.Shape != input)
        {
            throw new ArgumentException(
                $"Expected shape of indices to be same as that of the input tensor ({input}) but got indices tensor with shape: {indices.Shape}", nameof(indices));
        }
    }

    /// <summary>
    /// Without a stream: finds the first index outside the output plane on the device, and refuses
    /// it with PyTorch's message, which gives the plane as <c>HxW</c>, the volume as <c>DxHxW</c>
    /// and the row as <c>Lx1</c> (PyTorch unpools 1D as 2D).
    /// </summary>
    private void CheckUnpoolIndexValues(DeviceTensor<long> indices, TensorShape output, AcceleratorStream? stream)
    {
        if (stream is not null)
        {
            return;
        }

        long at = dispatch.FirstIndexOutside(indices, output.PlaneLength);
        if (at >= 0)
        {
            var value = new long[1];
            indices.View.SubView(at, 1).CopyToCPU(value);
            string plane = output.SpatialRank switch
            {
                1 => $"{output.W}x1",
                2 => $"{output.H}x{output.W}",
                _ => $"{output.D}x{output.H}x{output.W}",
            };
            throw new ArgumentException($"Found an invalid max index: {value[0]} (output volumes are of size {plane})", nameof(indices));
        }
    }
}
