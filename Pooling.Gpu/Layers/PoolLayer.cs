using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// A pooling layer: one input, one output. See <see cref="Layer{T}"/> for steps, the lifetime
/// of the tensors it returns, and inference.
/// </summary>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class PoolLayer<T> : Layer<T>
    where T : unmanaged
{
    private protected PoolLayer(PoolingEngine engine, LayerOp op)
        : base(engine, op)
    {
    }

    /// <summary>Pools <paramref name="input"/> into a tensor the layer owns, and keeps what backward needs while training.</summary>
    /// <param name="input">The input, of the layer's rank, batched or not, either layout.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The output, valid until the next step begins (in inference, until the next forward call).</returns>
    /// <exception cref="ArgumentException">The input does not suit the layer's options.</exception>
    public DeviceTensor<T> Forward(DeviceTensor<T> input, AcceleratorStream? stream = null) => RunForward(input, null, null, stream);

    /// <summary>Pools <paramref name="input"/> into the caller's <paramref name="output"/>, and keeps what backward needs while training.</summary>
    /// <param name="input">The input, of the layer's rank, batched or not, either layout.</param>
    /// <param name="output">Receives the result; its shape must be the layer's output shape for this input.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument does not suit the layer's options.</exception>
    public void Forward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        RunForward(input, null, output, stream);
    }
}
