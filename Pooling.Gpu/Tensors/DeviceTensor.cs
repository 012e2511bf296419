using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// A tensor in device memory: a shape and the elements' memory on one accelerator. A tensor is
/// contiguous, its <see cref="TensorShape.Length"/> elements in the memory order of the shape's
/// <see cref="TensorShape.Layout"/> (NCHW for channels-first, NHWC for channels-last; NCL/NLC in
/// 1D, NCDHW/NDHWC in 3D), or a strided view of another tensor's memory (<see cref="Narrow"/>,
/// <see cref="Slice"/>, or <see cref="PoolingEngine.Wrap{T}(ArrayView{T}, TensorShape, ReadOnlySpan{long})"/>),
/// which every op reads as it reads a contiguous copy. It either owns its buffer (made by
/// <see cref="PoolingEngine.Allocate{T}(TensorShape)"/> or <see cref="PoolingEngine.Upload{T}(ReadOnlySpan{T}, TensorShape)"/>)
/// or wraps a caller's view or another tensor's memory without a copy; disposing frees only an owned buffer.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class DeviceTensor<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense>? ownedBuffer;
    private readonly ArrayView<T> memory;
    private readonly DeviceTensor<T>? source;
    private bool disposed;

    internal DeviceTensor(Accelerator accelerator, MemoryBuffer1D<T, Stride1D.Dense> buffer, TensorShape shape)
        : this(accelerator, buffer.View, shape, TensorStrides.Dense(shape), null)
    {
        ownedBuffer = buffer;
    }

    /// <summary>A tensor over <paramref name="memory"/>, which holds exactly its elements from the first to the last (checked by the caller), through <paramref name="strides"/>.</summary>
    internal DeviceTensor(Accelerator accelerator, ArrayView<T> memory, TensorShape shape, TensorStrides strides, DeviceTensor<T>? source)
    {
        Accelerator = accelerator;
        this.memory = memory;
        this.source = source;
        Shape = shape;
        ElementStrides = strides;
        IsContiguous = TensorAxes.AreDense(shape, strides);
    }

    /// <summary>The tensor's shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The accelerator whose memory holds the data.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsDisposed => disposed;

    /// <summary>True when disposing frees the buffer (false for a wrapped view and for a view of another tensor).</summary>
    public bool OwnsBuffer => ownedBuffer is not null;

    /// <summary>
    /// True when the elements lie in the memory order of the shape's layout, one after the other
    /// (as PyTorch's <c>is_contiguous(memory_format=...)</c>, the stride of a dim of size 1 does not
    /// matter). Ops read a strided tensor through a contiguous copy, and write contiguous tensors only.
    /// </summary>
    public bool IsContiguous { get; }

    /// <summary>The elements in the memory order of the shape's layout (NCHW or NHWC), for the caller's own kernels.</summary>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    /// <exception cref="InvalidOperationException">The tensor is strided (see <see cref="IsContiguous"/>): its elements are not one view.</exception>
    public ArrayView<T> View
    {
        get
        {
            ThrowIfGone(null);
            return IsContiguous ? memory : throw NotContiguous($"{nameof(View)} holds the elements of contiguous tensors only; {nameof(PoolingEngine)}.{nameof(PoolingEngine.Contiguous)} makes a contiguous copy");
        }
    }

    /// <summary>The strides over (n, c, d, h, w).</summary>
    internal TensorStrides ElementStrides { get; }

    /// <summary>The memory from the first element to the last, for overlap checks; a contiguous tensor's is its <see cref="View"/>.</summary>
    internal ArrayView<T> Memory => memory;

    /// <summary>The distance in elements between neighbours along each dim, in PyTorch's order (its <c>stride()</c>).</summary>
    /// <returns>One stride per dim of <see cref="Shape"/>: N (if batched), C, then the spatial dims.</returns>
    public long[] Strides() => TensorAxes.Logical(Shape, ElementStrides);

    /// <summary>
    /// A view of <paramref name="length"/> elements along dim <paramref name="dim"/> from
    /// <paramref name="start"/>, sharing this tensor's memory (PyTorch's <c>narrow</c>): a range
    /// of the batch, of the channels, a crop in H or W. It owns nothing, and is valid while this
    /// tensor is.
    /// </summary>
    /// <param name="dim">The dim, in PyTorch's order (N if batched, C, then spatial); negative counts from the end.</param>
    /// <param name="start">The first index kept.</param>
    /// <param name="length">How many indices are kept.</param>
    /// <returns>The view, with this tensor's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The dim is outside the rank, or the range outside the dim.</exception>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public DeviceTensor<T> Narrow(int dim, long start, long length)
    {
        ThrowIfGone(null);
        int axis = TensorAxes.Of(Shape, dim, nameof(dim));
        long size = TensorAxes.Sizes(Shape)[axis];
        if (start < 0 || start > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start ({start}) must lie in [0, {size}], the size of dim {dim} of {Shape}.");
        }

        if (length < 0 || length > size - start)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"start ({start}) + length ({length}) exceeds dimension size ({size}) of dim {dim} of {Shape}.");
        }

        return Part(axis, start, length, 1);
    }

    /// <summary>
    /// A view of the indices <c>start, start + step, ...</c> below <paramref name="end"/> along dim
    /// <paramref name="dim"/>, sharing this tensor's memory (PyTorch's <c>x[..., start:end:step]</c>,
    /// TorchSharp's <c>slice</c>): every second channel, every other column. It owns nothing, and
    /// is valid while this tensor is.
    /// </summary>
    /// <param name="dim">The dim, in PyTorch's order (N if batched, C, then spatial); negative counts from the end.</param>
    /// <param name="start">The first index kept.</param>
    /// <param name="end">The end of the range, not included; at most the dim's size.</param>
    /// <param name="step">The distance between kept indices; at least 1.</param>
    /// <returns>The view, with this tensor's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The dim is outside the rank, the range outside the dim, or the step below 1.</exception>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public DeviceTensor<T> Slice(int dim, long start, long end, long step = 1)
    {
        ThrowIfGone(null);
        int axis = TensorAxes.Of(Shape, dim, nameof(dim));
        long size = TensorAxes.Sizes(Shape)[axis];
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"slice step must be positive, but got {step}.");
        }

        if (end < 0 || end > size)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"end ({end}) must lie in [0, {size}], the size of dim {dim} of {Shape}.");
        }

        if (start < 0 || start > end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start ({start}) must lie in [0, {end}], up to end, along dim {dim} of {Shape}.");
        }

        return Part(axis, start, (end - start + step - 1) / step, step);
    }

    /// <summary>Copies the elements to a new host array (waits for the copy); a strided tensor's are gathered on the host.</summary>
    /// <returns>The elements in the memory order of the shape's layout (NCHW or NHWC).</returns>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public T[] ToArray()
    {
        ThrowIfGone(null);
        var host = new T[Shape.Length];
        if (host.Length == 0)
        {
            return host;
        }

        if (IsContiguous)
        {
            memory.CopyToCPU(host);
            return host;
        }

        var spanned = new T[memory.Length];
        memory.CopyToCPU(spanned);
        var (from, to) = (ElementStrides, TensorStrides.Dense(Shape));
        for (long n = 0; n < Shape.N; n++)
        {
            for (long c = 0; c < Shape.C; c++)
            {
                for (long d = 0; d < Shape.D; d++)
                {
                    for (long h = 0; h < Shape.H; h++)
                    {
                        for (long w = 0; w < Shape.W; w++)
                        {
                            var at = new Coordinates(n, c, d, h, w);
                            host[to.Offset(at)] = spanned[from.Offset(at)];
                        }
                    }
                }
            }
        }

        return host;
    }

    /// <summary>Overwrites the elements with host data (waits for the copy).</summary>
    /// <param name="data">Exactly <see cref="TensorShape.Length"/> elements in the memory order of the shape's layout (NCHW or NHWC).</param>
    /// <exception cref="ArgumentException">The data has another length.</exception>
    /// <exception cref="InvalidOperationException">The tensor is strided: only contiguous tensors are written.</exception>
    /// <exception cref="ObjectDisposedException">The tensor, or the accelerator holding its memory, was disposed.</exception>
    public void CopyFrom(ReadOnlySpan<T> data)
    {
        if (data.Length != Shape.Length)
        {
            throw new ArgumentException($"Expected {Shape.Length} elements for shape {Shape}, but got {data.Length}.", nameof(data));
        }

        if (!IsContiguous)
        {
            throw NotContiguous($"{nameof(CopyFrom)} writes contiguous tensors only");
        }

        if (data.Length > 0)
        {
            View.CopyFromCPU(data);
        }
    }

    /// <summary>Frees the buffer if the tensor owns it; a wrapped view, or a view of another tensor, is left to its owner.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            ownedBuffer?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"DeviceTensor<{typeof(T).Name}>{Shape}{(IsContiguous ? "" : $" strides [{string.Join(", ", Strides())}]")} on {AcceleratorNames.Of(Accelerator)}";

    /// <summary>Throws when the tensor, the tensor it is a view of, or the accelerator holding its memory, was disposed.</summary>
    /// <param name="parameter">The parameter that passed the tensor, for the message; null where the caller used it directly.</param>
    internal void ThrowIfGone(string? parameter)
    {
        if (disposed || Accelerator.IsDisposed)
        {
            throw DeviceMemory.Gone(Accelerator, disposed, parameter, $"DeviceTensor<{typeof(T).Name}>", $"of shape {Shape}");
        }

        if (source is { IsDisposed: true })
        {
            throw DeviceMemory.Gone(Accelerator, true, parameter, $"DeviceTensor<{typeof(T).Name}>", $"of shape {Shape}", $"is a view of a tensor of shape {source.Shape} that was disposed");
        }
    }

    /// <summary>The error for a use that needs a contiguous tensor, saying why.</summary>
    internal InvalidOperationException NotContiguous(string why) =>
        new($"This DeviceTensor<{typeof(T).Name}> of shape {Shape} is a strided view (strides [{string.Join(", ", Strides())}]): {why}.");

    /// <summary>The view of <paramref name="length"/> indices from <paramref name="start"/> by <paramref name="step"/> along <paramref name="axis"/> (checked by the caller).</summary>
    private DeviceTensor<T> Part(int axis, long start, long length, long step)
    {
        var sizes = TensorAxes.Sizes(Shape);
        var strides = TensorAxes.Values(ElementStrides);
        long first = start * strides[axis];
        sizes[axis] = length;
        strides[axis] *= step;
        var shape = Shape.WithSizes(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]);
        var partStrides = new TensorStrides(strides[0], strides[1], strides[2], strides[3], strides[4]);
        long extent = TensorAxes.Extent(shape, partStrides)!.Value;
        return new DeviceTensor<T>(Accelerator, extent == 0 ? memory.SubView(0, 0) : memory.SubView(first, extent), shape, partStrides, source ?? this);
    }
}
