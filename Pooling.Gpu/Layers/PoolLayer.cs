using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// A pooling layer for training loops, in the spirit of <c>torch.nn</c> modules: <see cref="Forward(DeviceTensor{T}, AcceleratorStream?)"/>
/// keeps what <see cref="Backward(DeviceTensor{T}, AcceleratorStream?)"/> needs, and the
/// buffers it returns are reused from call to call while the input shape stays the same, so a
/// training step allocates no device memory after the first.
/// </summary>
/// <remarks>
/// Tensors returned by <c>Forward</c> and <c>Backward</c> belong to the layer: they stay valid until
/// the next accepted call with another input shape, or until the layer is disposed. Copy them, or use the
/// overloads that write into the caller's tensors, to keep results longer. A layer is meant for
/// one training loop at a time; it is not safe to call from several threads at once.
/// </remarks>
public abstract class PoolLayer<T> : IDisposable
    where T : unmanaged
{
    private DeviceTensor<T>? output;
    private DeviceTensor<T>? gradInput;
    private TensorShape? inputShape;

    /// <summary>A layer running on <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine whose accelerator holds the tensors.</param>
    protected PoolLayer(PoolingEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine the layer runs on.</summary>
    public PoolingEngine Engine { get; }

    /// <summary>The input shape of the last forward call, if any.</summary>
    public TensorShape? InputShape => inputShape;

    /// <summary>True once the layer has been disposed.</summary>
    protected bool IsDisposed { get; private set; }

    /// <summary>Pools <paramref name="input"/> into a tensor the layer owns, and keeps what backward needs.</summary>
    /// <param name="input">The input (N, C, H, W) or (C, H, W).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The layer's output tensor (reused by the next call of the same shape).</returns>
    /// <exception cref="ArgumentException">The input does not suit the layer's options.</exception>
    public DeviceTensor<T> Forward(DeviceTensor<T> input, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunInto(ref output, OutputShape(input.Shape), kept => Forward(input, kept, stream));
    }

    /// <summary>Pools <paramref name="input"/> into the caller's <paramref name="output"/>, and keeps what backward needs.</summary>
    /// <param name="input">The input (N, C, H, W) or (C, H, W).</param>
    /// <param name="output">Receives the result; its shape must be the layer's output shape for this input.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument does not suit the layer's options.</exception>
    public void Forward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(input);
        RunForward(input, output, stream);
        inputShape = input.Shape;
    }

    /// <summary>The gradient of the last forward call's input, in a tensor the layer owns.</summary>
    /// <param name="gradOutput">The gradient of the last forward call's output.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The layer's input-gradient tensor (reused by the next call of the same shape).</returns>
    /// <exception cref="InvalidOperationException">There was no forward call.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradOutput"/> does not have the last output's shape.</exception>
    public DeviceTensor<T> Backward(DeviceTensor<T> gradOutput, AcceleratorStream? stream = null) =>
        RunInto(ref gradInput, LastInputShape(), kept => Backward(gradOutput, kept, stream));

    /// <summary>The gradient of the last forward call's input, into the caller's <paramref name="gradInput"/>.</summary>
    /// <param name="gradOutput">The gradient of the last forward call's output.</param>
    /// <param name="gradInput">Receives the gradient; the last input's shape. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="InvalidOperationException">There was no forward call.</exception>
    /// <exception cref="ArgumentException">A shape does not match the last forward call.</exception>
    public void Backward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(gradInput);
        if (gradInput.Shape != LastInputShape())
        {
            throw new ArgumentException($"gradInput has shape {gradInput.Shape}, but the last forward call had an input of shape {inputShape}.", nameof(gradInput));
        }

        RunBackward(gradOutput, gradInput, stream);
    }

    /// <summary>Frees the tensors the layer owns.</summary>
    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>The output shape for an input shape (validates the input).</summary>
    /// <param name="input">The input shape.</param>
    /// <returns>The output shape.</returns>
    protected abstract TensorShape OutputShape(TensorShape input);

    /// <summary>Runs the forward op, keeping what backward needs.</summary>
    /// <param name="input">The input.</param>
    /// <param name="output">The output, of <see cref="OutputShape"/>.</param>
    /// <param name="stream">The caller's stream, or null.</param>
    protected abstract void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream);

    /// <summary>Runs the backward op of the last forward call.</summary>
    /// <param name="gradOutput">The output's gradient.</param>
    /// <param name="gradInput">The input's gradient, of the last input's shape.</param>
    /// <param name="stream">The caller's stream, or null.</param>
    protected abstract void RunBackward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream);

    /// <summary>Frees owned tensors; subclasses free theirs and call this.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        output?.Dispose();
        gradInput?.Dispose();
    }

    private TensorShape LastInputShape()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return inputShape ?? throw new InvalidOperationException("Backward needs a forward call first.");
    }

    /// <summary>
    /// Runs <paramref name="call"/> into the kept tensor while it fits, else into a new one that
    /// replaces it (freeing it) only once the call is accepted: a refused call leaves the layer,
    /// and the tensors it returned, as they were.
    /// </summary>
    private DeviceTensor<T> RunInto(ref DeviceTensor<T>? kept, TensorShape shape, Action<DeviceTensor<T>> call)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var target = kept is { IsDisposed: false } && kept.Shape == shape ? kept : Engine.Allocate<T>(shape);
        try
        {
            call(target);
        }
        catch
        {
            if (target != kept)
            {
                target.Dispose();
            }

            throw;
        }

        if (target != kept)
        {
            kept?.Dispose();
            kept = target;
        }

        return target;
    }
}
