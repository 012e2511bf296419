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

/// <summary>Unmanaged scratch memory for one host loop's chunk: no garbage for the GC, freed on dispose.</summary>
internal unsafe struct Scratch : IDisposable
{
    private byte* next;

    /// <summary>A block of <paramref name="bytes"/> bytes, cut into pieces by <see cref="Take{T}"/>.</summary>
    internal Scratch(long bytes)
    {
        Start = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 64), 64);
        next = Start;
    }

    internal byte* Start { get; }

    /// <summary>The next <paramref name="count"/> elements of the block, 32-byte aligned.</summary>
    internal T* Take<T>(long count)
        where T : unmanaged
    {
        var taken = (T*)next;
        next += (count * sizeof(T) + 31) & ~31L;
        return taken;
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

    public readonly void Dispose() => NativeMemory.AlignedFree(Start);
}
