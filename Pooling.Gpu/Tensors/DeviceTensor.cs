using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// A contiguous tensor in device memory: a shape and a view of <see cref="TensorShape.Length"/>
/// elements on one accelerator, in the memory order of the shape's <see cref="TensorShape.Layout"/>
/// (NCHW for channels-first, NHWC for channels-last; NCL/NLC in 1D, NCDHW/NDHWC in 3D). It either owns its buffer (made by
/// <see cref="PoolingEngine.Allocate{T}(TensorShape)"/> or <see cref="PoolingEngine.Upload{T}(ReadOnlySpan{T}, TensorShape)"/>)
/// or wraps a caller's view without a copy (<see cref="PoolingEngine.Wrap{T}(ArrayView{T}, TensorShape)"/>);
/// disposing frees only an owned buffer.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class DeviceTensor<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? ownedBuffer;
    private readonly ArrayView<T> view;
    private bool disposed;

    internal DeviceTensor(Accelerator accelerator, MemoryBuffer1D<T, Stride1D.Dense> buffer, TensorShape shape)
    {
        Accelerator = accelerator;
        ownedBuffer = buffer;
        view = buffer.View;
        Shape = shape;
    }

    internal DeviceTensor(Accelerator accelerator, ArrayView<T> view, TensorShape shape)
    {
        Accelerator = accelerator;
        this.view = view;
        Shape = shape;
    }

    /// <summary>The tensor's shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The accelerator whose memory holds the data.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsDisposed => disposed;

    /// <summary>True when disposing frees the buffer (false for a wrapped view).</summary>
    public bool OwnsBuffer => ownedBuffer is not null;

    /// <summary>The elements in the memory order of the shape's layout (NCHW or NHWC), for the caller's own kernels.</summary>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public ArrayView<T> View
    {
        get
        {
            ThrowIfGone(null);
            return view;
        }
    }

    /// <summary>Copies the elements to a new host array (waits for the copy).</summary>
    /// <returns>The elements in the memory order of the shape's layout (NCHW or NHWC).</returns>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public T[] ToArray()
    {
        var host = new T[Shape.Length];
        if (host.Length > 0)
        {
            View.CopyToCPU(host);
        }

        return host;
    }

    /// <summary>Overwrites the elements with host data (waits for the copy).</summary>
    /// <param name="data">Exactly <see cref="TensorShape.Length"/> elements in the memory order of the shape's layout (NCHW or NHWC).</param>
    /// <exception cref="ArgumentException">The data has another length.</exception>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public void CopyFrom(ReadOnlySpan<T> data)
    {
        if (data.Length != Shape.Length)
        {
            throw new ArgumentException($"Expected {Shape.Length} elements for shape {Shape}, but got {data.Length}.", nameof(data));
        }

        if (data.Length > 0)
        {
            View.CopyFromCPU(data);
        }
    }

    /// <summary>Frees the buffer if the tensor owns it; a wrapped view is left to its owner.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            ownedBuffer?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"DeviceTensor<{typeof(T).Name}>{Shape} on {AcceleratorNames.Of(Accelerator)}";

    /// <summary>Throws when the tensor, or the accelerator holding its memory, was disposed.</summary>
    /// <param name="parameter">The parameter that passed the tensor, for the message; null where the caller used it directly.</param>
    internal void ThrowIfGone(string? parameter)
    {
        if (disposed || Accelerator.IsDisposed)
        {
            throw DeviceMemory.Gone(Accelerator, disposed, parameter, $"DeviceTensor<{typeof(T).Name}>", $"of shape {Shape}");
        }
    }
}
