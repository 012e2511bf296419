using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// A max unpooling layer: its forward takes the pooled values and their PyTorch-form indices,
/// which its backward reads again, so they must stay as they were until then. See
/// <see cref="Layer{T}"/> for steps, the lifetime of the tensors it returns, and inference.
/// </summary>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class MaxUnpoolLayer<T> : Layer<T>
    where T : unmanaged
{
    private protected MaxUnpoolLayer(PoolingEngine engine, LayerOp op)
        : base(engine, op)
    {
    }

    /// <summary>Unpools <paramref name="input"/> into a tensor the layer owns, zero except at the indices.</summary>
    /// <param name="input">The pooled values, of the layer's rank, batched or not, either layout.</param>
    /// <param name="indices">Their positions in each output plane, PyTorch's form (as max pooling with indices returns them); the input's shape and layout.</param>
    /// <param name="stream">Enqueue on this stream and return at once (indices unchecked); null: check the indices, run and wait.</param>
    /// <returns>The output, valid until the next step begins (in inference, until the next forward call).</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule, or (without a stream) an index lies outside the output plane.</exception>
    public DeviceTensor<T> Forward(DeviceTensor<T> input, DeviceTensor<long> indices, AcceleratorStream? stream = null) => RunForward(input, indices, null, stream);

    /// <summary>Unpools <paramref name="input"/> into the caller's <paramref name="output"/>.</summary>
    /// <param name="input">The pooled values, of the layer's rank, batched or not, either layout.</param>
    /// <param name="indices">Their positions in each output plane, PyTorch's form; the input's shape and layout.</param>
    /// <param name="output">Receives the result; its shape must be the layer's output shape for this input. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once (indices unchecked); null: check the indices, run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or (without a stream) an index lies outside the output plane.</exception>
    public void Forward(DeviceTensor<T> input, DeviceTensor<long> indices, DeviceTensor<T> output, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        RunForward(input, indices, output, stream);
    }
}
