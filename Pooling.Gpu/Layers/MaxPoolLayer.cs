using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// The max-pooling layers' common part: forward records compact indices (1 byte per output for
/// windows up to 256 positions), reused while the input shape stays the same, and backward sends
/// each output's gradient to its maximum.
/// </summary>
/// <typeparam name="T">The element type: float, double, ILGPU.Half or BFloat16.</typeparam>
public abstract class MaxPoolLayer<T> : PoolLayer<T>
    where T : unmanaged
{
    private MaxPoolIndices? indices;

    /// <summary>A max-pooling layer running on <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine whose accelerator holds the tensors.</param>
    protected MaxPoolLayer(PoolingEngine engine)
        : base(engine)
    {
    }

    /// <summary>
    /// The compact indices of the last forward call (owned by the layer); convert them with
    /// <see cref="PoolingEngine.ToTorchIndices"/> for PyTorch's form.
    /// </summary>
    public MaxPoolIndices? Indices => indices;

    /// <summary>Compact indices for an input shape.</summary>
    /// <param name="input">The input shape.</param>
    /// <returns>New indices for that shape.</returns>
    protected abstract MaxPoolIndices AllocateIndices(TensorShape input);

    /// <summary>Runs the forward op with compact indices.</summary>
    /// <param name="input">The input.</param>
    /// <param name="output">The output.</param>
    /// <param name="indices">Indices for the input's shape.</param>
    /// <param name="stream">The caller's stream, or null.</param>
    protected abstract void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, MaxPoolIndices indices, AcceleratorStream? stream);

    /// <inheritdoc/>
    protected sealed override void RunForward(DeviceTensor<T> input, DeviceTensor<T> output, AcceleratorStream? stream)
    {
        // New indices replace the kept ones only once the call is accepted: a refused call leaves
        // backward of the last accepted forward possible.
        var target = indices is not null && indices.InputShape == input.Shape ? indices : AllocateIndices(input.Shape);
        try
        {
            RunForward(input, output, target, stream);
        }
        catch
        {
            if (target != indices)
            {
                target.Dispose();
            }

            throw;
        }

        if (target != indices)
        {
            indices?.Dispose();
            indices = target;
        }
    }

    /// <inheritdoc/>
    protected sealed override void RunBackward(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        Engine.MaxPoolBackward(gradOutput, indices!, gradInput, stream);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        indices?.Dispose();
        base.Dispose(disposing);
    }
}
