namespace Pooling.Gpu.Layers;

/// <summary>
/// A max pooling layer of any kind (window, adaptive, global): each forward call records compact
/// indices (1 byte per output for windows of up to 256 positions), from which its
/// backward sends each output's gradient to its maximum.
/// </summary>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class MaxPoolLayer<T> : PoolLayer<T>
    where T : unmanaged
{
    private protected MaxPoolLayer(PoolingEngine engine, MaxLayerOp op)
        : base(engine, op)
    {
    }

    /// <summary>
    /// The compact indices of the last forward call (null before the first); they belong to the
    /// layer and stay valid as long as that call's output. Convert them with
    /// <see cref="PoolingEngine.ToTorchIndices"/> for PyTorch's form.
    /// </summary>
    public MaxPoolIndices? Indices => LastCall.Indices;
}
