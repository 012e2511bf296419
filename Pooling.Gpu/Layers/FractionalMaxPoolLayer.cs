namespace Pooling.Gpu.Layers;

/// <summary>
/// A fractional max pooling layer, as <c>torch.nn.FractionalMaxPool2d/3d</c>: each forward call
/// pools over windows of its own, drawn on the device from the seed <see cref="NextSeed"/> (which
/// the call advances), as PyTorch draws fresh samples on every call; or, when the layer was given
/// samples (PyTorch's <c>_random_samples</c>), over theirs, which its backward reads again, so
/// they must stay as they were. Each call records PyTorch-form indices (<c>return_indices</c>),
/// from which its backward sends each output's gradient to its maximum over that call's windows.
/// See <see cref="Layer{T}"/> for steps, the lifetime of the tensors it returns, and inference.
/// </summary>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class FractionalMaxPoolLayer<T> : PoolLayer<T>
    where T : unmanaged
{
    private readonly FractionalLayerOp op;

    private protected FractionalMaxPoolLayer(PoolingEngine engine, FractionalLayerOp op, DeviceTensor<T>? samples)
        : base(engine, op)
    {
        this.op = op;
        Samples = samples;
    }

    /// <summary>The samples every forward call pools over; null when each call draws its own.</summary>
    public DeviceTensor<T>? Samples { get; }

    /// <summary>
    /// The seed the next forward call draws its windows from: at first the options' seed; each
    /// forward call takes it and adds one. Set it to draw a call's windows again (a call with the
    /// layer's samples takes a seed too, and draws nothing).
    /// </summary>
    public ulong NextSeed { get => op.NextSeed; set => op.NextSeed = value; }

    /// <summary>
    /// The indices of the last forward call (null before the first), PyTorch's form (int64 per
    /// output, the position in its input plane or volume), as <c>return_indices=True</c> gives
    /// them; they belong to the layer and stay valid as long as that call's output.
    /// </summary>
    public DeviceTensor<long>? Indices => LastCall.TorchIndices;
}
