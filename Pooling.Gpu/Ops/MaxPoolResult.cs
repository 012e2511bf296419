namespace Pooling.Gpu;

/// <summary>The values and PyTorch-form indices of a max pooling; disposing frees both.</summary>
/// <param name="Output">The pooled values.</param>
/// <param name="Indices">For each output, the argmax as <c>h*W + w</c> within its (n, c) plane (int64, as PyTorch).</param>
public sealed record MaxPoolResult(DeviceTensor<float> Output, DeviceTensor<long> Indices) : IDisposable
{
    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Output.Dispose();
        Indices.Dispose();
    }
}
