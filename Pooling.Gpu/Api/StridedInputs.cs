using ILGPU.Runtime;

namespace Pooling.Gpu;

// Strided inputs: every op reads a strided view through a contiguous copy in the view's layout,
// made once its arguments are checked and freed when it returns, as PyTorch's CPU pooling reads a
// non-contiguous tensor through .contiguous(). The copy costs one read and one write per element
// of the view; the pooling kernels and the host's vector forms then run unchanged.
public sealed partial class PoolingEngine
{
    /// <summary>
    /// A checked input as the kernels read it: the tensor itself when contiguous, else a contiguous
    /// copy of it, enqueued on <paramref name="stream"/>, that the result frees when disposed.
    /// </summary>
    private DenseInput<T> Dense<T>(DeviceTensor<T> tensor, AcceleratorStream? stream)
        where T : unmanaged
    {
        if (tensor.IsContiguous)
        {
            return new(tensor, null, null);
        }

        var copy = Allocate<T>(tensor.Shape);
        try
        {
            dispatch.ConvertLayout(tensor, copy, stream);
            return new(copy, copy, stream);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>An optional input (fractional pooling's samples) as the kernels read it (see <see cref="Dense{T}"/>); null when absent.</summary>
    private DenseInput<T>? DenseOrNull<T>(DeviceTensor<T>? tensor, AcceleratorStream? stream)
        where T : unmanaged => tensor is null ? null : Dense(tensor, stream);

    /// <summary>
    /// An op's input in contiguous form (<see cref="Dense{T}"/>). Disposing frees a copy; with a
    /// caller's stream, it first waits for the stream, whose work still reads the copy.
    /// </summary>
    private readonly struct DenseInput<T>(DeviceTensor<T> tensor, DeviceTensor<T>? copy, AcceleratorStream? stream) : IDisposable
        where T : unmanaged
    {
        /// <summary>The contiguous tensor: the input, or its copy.</summary>
        internal DeviceTensor<T> Tensor => tensor;

        public void Dispose()
        {
            if (copy is not null)
            {
                stream?.Synchronize();
                copy.Dispose();
            }
        }
    }
}
