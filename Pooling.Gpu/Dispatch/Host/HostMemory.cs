using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>Raw access to the host memory of a CPU accelerator's buffers, and scratch memory for host loops.</summary>
internal static unsafe class HostMemory
{
    /// <summary>
    /// The address of the first element of <paramref name="view"/>, a view of a CPU accelerator's
    /// buffer (unmanaged or pinned memory, so the address stays valid); null for an empty view.
    /// One checked access of ILGPU's indexer, then none.
    /// </summary>
    internal static T* Address<T>(ArrayView<T> view)
        where T : unmanaged => view.Length == 0 ? null : (T*)Unsafe.AsPointer(ref view[0]);

    /// <summary><paramref name="value"/> as <typeparamref name="TTo"/>, the type a caller has tested it to be.</summary>
    internal static TTo As<TFrom, TTo>(TFrom value)
        where TFrom : struct
        where TTo : struct => Unsafe.As<TFrom, TTo>(ref value);
}

/// <summary>
/// Unmanaged scratch memory for one host loop's chunk or one call's tables: no garbage for the GC,
/// freed on dispose. Pieces are cut from the block by <see cref="Take{T}"/>; the cut so far is
/// kept in the block's first bytes, so that copies of this handle cut the same block.
/// </summary>
internal readonly unsafe struct Scratch : IDisposable
{
    /// <summary>The header that holds the cut so far: one alignment unit.</summary>
    private const int Header = 32;

    private readonly byte* block;

    /// <summary>A block of <paramref name="bytes"/> bytes.</summary>
    internal Scratch(long bytes)
    {
        block = (byte*)NativeMemory.AlignedAlloc((nuint)(Header + Math.Max(bytes, 0)), Header);
        *(long*)block = Header;
    }

    /// <summary>The block's first usable byte.</summary>
    internal byte* Start => block + Header;

    /// <summary>The next <paramref name="count"/> elements of the block, 32-byte aligned.</summary>
    internal T* Take<T>(long count)
        where T : unmanaged
    {
        long offset = *(long*)block;
        *(long*)block = offset + ((count * sizeof(T) + 31) & ~31L);
        return (T*)(block + offset);
    }

    /// <summary>The bytes that pieces of these sizes take (each rounded up to 32).</summary>
    internal static long Bytes(params ReadOnlySpan<long> pieces)
    {
        long total = 0;
        foreach (long piece in pieces)
        {
            total += (piece + 31) & ~31L;
        }

        return total;
    }

    public void Dispose() => NativeMemory.AlignedFree(block);
}
