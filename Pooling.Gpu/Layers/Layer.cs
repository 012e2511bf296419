using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// A layer for training loops, in the spirit of a <c>torch.nn</c> module with autograd: each
/// forward call keeps what its backward needs, and each <c>Backward</c> takes the last forward
/// call that has not had its backward yet, so that one layer object can serve several places of a
/// network (one pooling layer after each of two convolutions), backward in the reverse order.
/// The tensors it returns come from buffers it keeps by shape and reuses from step to step, so
/// that a training step like the last allocates no device memory.
/// </summary>
/// <remarks>
/// <para>
/// Steps. A training step is the forward calls of one pass followed by their backward calls: the
/// first forward call after a <c>Backward</c> begins the next step. The forward calls of a step
/// that never get their backward are dropped then.
/// </para>
/// <para>
/// Lifetimes. A tensor returned by <c>Forward</c> or <c>Backward</c>, and what a forward call
/// keeps for its backward, stay valid for the whole step, until the next step begins; then the
/// layer writes its next results into the same buffers. Copy a result, or use the overloads that
/// write into your tensors, to keep it longer. What a forward call reads again in backward (the
/// input of lp pooling, the indices given to max unpooling, the samples given to fractional max
/// pooling, an output written into your tensor for lp pooling) must stay as it was until that backward.
/// </para>
/// <para>
/// Inference. With <see cref="Training"/> false a forward call keeps nothing for backward and
/// begins a step of its own: its output stays valid until the next forward call.
/// </para>
/// <para>
/// Memory. Buffers that no call has taken since the last training step began are freed when the
/// next one begins, so the device memory held follows the shapes in use; in inference, where no
/// training step begins, the layer keeps a buffer for each shape it has produced, as a caching
/// allocator does. All are freed with the layer. A layer serves one training loop at a time: it is not safe to call from several threads
/// at once, and calls given streams must all be given the same stream, since each step reuses the
/// last one's buffers.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class Layer<T> : IDisposable
    where T : unmanaged
{
    private readonly LayerOp op;
    private readonly BufferShelf<DeviceTensor<T>> tensors = new();
    private readonly BufferShelf<MaxPoolIndices> indices = new();
    private readonly BufferShelf<DeviceTensor<long>> torchIndices = new();
    private readonly List<SavedCall<T>> saved = [];
    private bool stepOpen;
    private bool disposed;

    private protected Layer(PoolingEngine engine, LayerOp op)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        this.op = op;
    }

    /// <summary>The engine the layer runs on.</summary>
    public PoolingEngine Engine { get; }

    /// <summary>
    /// Whether forward calls keep what backward needs (true, the default), as in
    /// <c>module.train()</c>; false for inference, as <c>module.eval()</c> under
    /// <c>torch.no_grad()</c>: forward calls keep nothing and each output stays valid until the
    /// next forward call.
    /// </summary>
    public bool Training { get; set; } = true;

    /// <summary>The input shape of the last forward call, if any.</summary>
    public TensorShape? InputShape { get; private set; }

    /// <summary>The number of forward calls of this step still waiting for their backward.</summary>
    public int PendingBackwardCount => saved.Count;

    /// <summary>The device buffers the layer has allocated so far (for tests of the steady state).</summary>
    internal long DeviceAllocations => tensors.Allocations + indices.Allocations + torchIndices.Allocations;

    /// <summary>The last forward call (default before the first), whose indices the max pooling layers show.</summary>
    private protected SavedCall<T> LastCall { get; private set; }

    /// <summary>The gradient of the input of the last forward call still waiting for its backward, in a tensor the layer owns.</summary>
    /// <param name="gradOutput">The gradient of that call's output.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The input's gradient, valid until the next step begins.</returns>
    /// <exception cref="InvalidOperationException">Every forward call of this step has had its backward, or none was made while training.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradOutput"/> does not have that call's output shape.</exception>
    public DeviceTensor<T> Backward(DeviceTensor<T> gradOutput, AcceleratorStream? stream = null)
    {
        var call = Pending();
        int mark = tensors.TakenCount;
        try
        {
            var gradInput = Take(call.Input.Shape);
            op.Backward(Engine, call, gradOutput, gradInput, stream);
            Consume();
            return gradInput;
        }
        catch
        {
            tensors.GiveBack(mark);
            throw;
        }
    }

    /// <summary>The gradient of the input of the last forward call still waiting for its backward, into the caller's <paramref name="gradInput"/>.</summary>
    /// <param name="gradOutput">The gradient of that call's output.</param>
    /// <param name="gradInput">Receives the gradient; that call's input shape. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="InvalidOperationException">Every forward call of this step has had its backward, or none was made while training.</exception>
    /// <exception cref="ArgumentException">A shape does not match that forward call.</exception>
    public void Backward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
    {
        var call = Pending();
        ArgumentNullException.ThrowIfNull(gradInput);
        if (gradInput.Shape != call.Input.Shape)
        {
            throw new ArgumentException(
                $"gradInput has shape {gradInput.Shape}, but the forward call this backward belongs to (the last one without its backward) had an input of shape {call.Input.Shape}.",
                nameof(gradInput));
        }

        op.Backward(Engine, call, gradOutput, gradInput, stream);
        Consume();
    }

    /// <summary>Frees the buffers the layer owns, and with them every tensor it returned.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            saved.Clear();
            tensors.Dispose();
            indices.Dispose();
            torchIndices.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>
    /// A forward call: into <paramref name="output"/>, or a buffer of the layer when null; kept
    /// for backward while training. A refused call keeps nothing and gives back the buffers it
    /// took (the step it began, if it was a step's first call, has begun all the same).
    /// </summary>
    private protected DeviceTensor<T> RunForward(DeviceTensor<T> input, DeviceTensor<long>? indexInput, DeviceTensor<T>? output, AcceleratorStream? stream)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(input);
        var shape = op.OutputShape(input.Shape);
        if (!Training || !stepOpen)
        {
            BeginStep(input);
        }

        var marks = (Tensors: tensors.TakenCount, Indices: indices.TakenCount, TorchIndices: torchIndices.TakenCount);
        SavedCall<T> call;
        try
        {
            var compact = op is MaxLayerOp max ? TakeIndices(max, input.Shape) : null;
            var (torch, seed) = op is FractionalLayerOp fractional ? (TakeTorchIndices(shape), fractional.Draw()) : (indexInput, 0UL);
            call = new(input, output ?? Take(shape), compact, torch, seed);
            op.Forward(Engine, call, stream);
        }
        catch
        {
            tensors.GiveBack(marks.Tensors);
            indices.GiveBack(marks.Indices);
            torchIndices.GiveBack(marks.TorchIndices);
            throw;
        }

        if (Training)
        {
            saved.Add(call);
        }

        stepOpen = Training;
        InputShape = input.Shape;
        LastCall = call;
        return call.Output;
    }

    /// <summary>Ends the last step: its buffers may be taken again, but <paramref name="input"/>, which the new step's first call reads.</summary>
    private void BeginStep(DeviceTensor<T> input)
    {
        saved.Clear();
        tensors.BeginStep(input, Training);
        indices.BeginStep(null, Training);
        torchIndices.BeginStep(null, Training);
    }

    private DeviceTensor<T> Take(TensorShape shape) => tensors.TryTake(shape) ?? tensors.TakeNew(shape, Engine.Allocate<T>(shape));

    private DeviceTensor<long> TakeTorchIndices(TensorShape output) => torchIndices.TryTake(output) ?? torchIndices.TakeNew(output, Engine.Allocate<long>(output));

    private MaxPoolIndices TakeIndices(MaxLayerOp max, TensorShape input) => indices.TryTake(input) ?? indices.TakeNew(input, max.NewIndices(Engine, input));

    /// <summary>The forward call the next backward belongs to.</summary>
    private SavedCall<T> Pending()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (saved.Count == 0)
        {
            throw new InvalidOperationException(Training
                ? "Backward needs a forward call first: each Backward takes the last forward call of the step that has not had its backward."
                : "Backward needs a forward call made while training; this layer's Training is false, so forward calls keep nothing.");
        }

        return saved[^1];
    }

    private void Consume()
    {
        saved.RemoveAt(saved.Count - 1);
        stepOpen = false;
    }
}
