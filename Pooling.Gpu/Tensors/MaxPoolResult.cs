namespace Pooling.Gpu;

/// <summary>The values and PyTorch-form indices of a max pooling; disposing frees both.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Output">The pooled values.</param>
/// <param name="Indices">For each output, the argmax as <c>h*W + w</c> (<c>(d*H + h)*W + w</c> in 3D) within its (n, c) plane (int64, as PyTorch).</param>
public sealed record MaxPoolResult<T>(DeviceTensor<T> Output, DeviceTensor<long> Indices) : IDisposable
    where T : unmanaged
{
    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Output.Dispose();
        Indices.Dispose();
    }
}
