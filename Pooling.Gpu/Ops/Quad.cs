using System.Runtime.CompilerServices;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Four consecutive elements of a tensor, loaded and stored as one value: four channels of one
/// position of a channels-last tensor (<see cref="ChannelQuads"/>), or four columns of one row of a
/// channels-first one (<see cref="ColumnQuads"/>).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly record struct Quad<T>(T A, T B, T C, T D)
    where T : unmanaged;

/// <summary>Where a tensor's quads can be read from.</summary>
internal static class Quad
{
    /// <summary>
    /// Whether the view of <paramref name="tensor"/> starts on a quad's alignment (its size, at most
    /// 16 bytes, the widest load): then every quad of it is aligned, since buffers start at least
    /// 256-byte aligned.
    /// </summary>
    internal static bool StartsAligned<T>(DeviceTensor<T> tensor)
        where T : unmanaged =>
        StartInBytes(tensor.View) % Math.Min(16, Unsafe.SizeOf<Quad<T>>()) == 0;

    /// <summary>Where a view starts in its buffer (generic, so that the view is not boxed).</summary>
    private static long StartInBytes<TView>(TView view)
        where TView : struct, IContiguousArrayView => view.IndexInBytes;
}

/// <summary>Loads a <see cref="Quad{T}"/> of stored values (one 16-byte load for fp32) into four accumulator values.</summary>
internal readonly struct QuadLoad<T, TAcc, TElement> : IElementLoad<Quad<T>, Quad<TAcc>>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    public Quad<TAcc> Load(Quad<T> value)
    {
        var element = default(TElement);
        return new(element.Load(value.A), element.Load(value.B), element.Load(value.C), element.Load(value.D));
    }
}
