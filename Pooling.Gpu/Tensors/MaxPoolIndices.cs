using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Compact max-pooling indices: for each output, the position of its maximum as an ordinal inside
/// its own window, in one byte when a window has at most 256 positions and four bytes otherwise
/// (windows of more than 2^32 positions are refused).
/// Backward reads 1 byte per output instead of PyTorch's 8. An instance belongs to one pooling
/// geometry (input shape and layout, options); ops check that it is used with that geometry only.
/// Make one with <see cref="PoolingEngine.AllocateMaxPoolIndices{TSize}(TensorShape, MaxPoolOptions{TSize})"/>
/// or its adaptive and global forms; convert to PyTorch's form with
/// <see cref="PoolingEngine.ToTorchIndices(MaxPoolIndices, DeviceTensor{long}, AcceleratorStream?)"/>.
/// </summary>
public sealed class MaxPoolIndices : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> buffer;
    private bool disposed;

    internal MaxPoolIndices(Accelerator accelerator, TensorShape input, TensorShape output, object geometry, long windowPositions)
    {
        Accelerator = accelerator;
        InputShape = input;
        OutputShape = output;
        Geometry = geometry;
        if (windowPositions > 1L << 32)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                input,
                $"Compact indices hold at most 2^32 positions per window, but pooling {input} -> {output} has windows of {windowPositions}; use PyTorch-form indices.");
        }

        BytesPerIndex = windowPositions <= 256 ? 1 : 4;
        buffer = accelerator.Allocate1D<byte>(output.Length * BytesPerIndex);
    }

    /// <summary>The shape of the pooled input these indices belong to.</summary>
    public TensorShape InputShape { get; }

    /// <summary>The shape of the pooled output (one index per output element, in its layout).</summary>
    public TensorShape OutputShape { get; }

    /// <summary>1 when every window has at most 256 positions, else 4.</summary>
    public int BytesPerIndex { get; }

    /// <summary>The accelerator whose memory holds the indices.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True once the indices have been disposed.</summary>
    public bool IsDisposed => disposed;

    /// <summary>
    /// The windows the ordinals refer to: a StridedWindows or AdaptiveWindows value, or a
    /// FractionalSpec, whose windows the kernels compute in the element type's arithmetic.
    /// </summary>
    internal object Geometry { get; }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            buffer.Dispose();
        }
    }

    /// <summary>The index format the kernels write and read these indices in.</summary>
    internal WindowIndices Format => new(Bytes, Bytes.Cast<int>(), BytesPerIndex);

    /// <summary>The raw cells (internal for tests that fill them).</summary>
    internal ArrayView<byte> Bytes
    {
        get
        {
            ThrowIfGone(null);
            return buffer.View;
        }
    }

    /// <summary>Throws when the indices, or the accelerator holding them, were disposed.</summary>
    /// <param name="parameter">The parameter that passed the indices, for the message; null where the caller used them directly.</param>
    internal void ThrowIfGone(string? parameter)
    {
        if (disposed || Accelerator.IsDisposed)
        {
            throw DeviceMemory.Gone(Accelerator, disposed, parameter, nameof(MaxPoolIndices), $"for {InputShape} -> {OutputShape}");
        }
    }
}
