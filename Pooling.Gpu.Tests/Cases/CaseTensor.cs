namespace Pooling.Gpu.Tests;

/// <summary>A case's tensor: one it uploaded, or a view with the base tensor it views (<paramref name="Whole"/>), disposed together.</summary>
public readonly record struct CaseTensor<T>(DeviceTensor<T> Tensor, DeviceTensor<T>? Whole) : IDisposable
    where T : unmanaged
{
    public void Dispose()
    {
        Tensor.Dispose();
        Whole?.Dispose();
    }
}
