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

/// <summary>Where a tensor's quads can be read from, and what all quad kernels do alike.</summary>
internal static class Quad
{
    /// <summary>
    /// The gradients of input quad <paramref name="input"/> (inputs <c>4i .. 4i + 3</c>, four
    /// channels or four columns) from their sums, each as <paramref name="gradient"/> finishes it.
    /// </summary>
    internal static Quad<TAcc> Finish<TAcc, TLoads, TGradient>(TGradient gradient, long input, Quad<TAcc> sum)
        where TAcc : unmanaged
        where TLoads : unmanaged
        where TGradient : struct, IWindowGradient<TAcc, TLoads> =>
        new(
            gradient.Finish(4 * input, sum.A),
            gradient.Finish((4 * input) + 1, sum.B),
            gradient.Finish((4 * input) + 2, sum.C),
            gradient.Finish((4 * input) + 3, sum.D));

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

/// <summary>
/// Four elements at once, as <typeparamref name="TElement"/> does each: loads a
/// <see cref="Quad{T}"/> of stored values (one 16-byte load for fp32) into four accumulator
/// values, starts four sums at zero, and stores a quad (one 16-byte store).
/// </summary>
internal readonly struct QuadElement<T, TAcc, TElement> : IElementLoad<Quad<T>, Quad<TAcc>>, IElementStore<Quad<T>, Quad<TAcc>>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    public Quad<TAcc> Zero
    {
        get
        {
            var zero = default(TElement).Zero;
            return new(zero, zero, zero, zero);
        }
    }

    public Quad<TAcc> Load(Quad<T> value)
    {
        var element = default(TElement);
        return new(element.Load(value.A), element.Load(value.B), element.Load(value.C), element.Load(value.D));
    }

    public Quad<T> Store(Quad<TAcc> value)
    {
        var element = default(TElement);
        return new(element.Store(value.A), element.Store(value.B), element.Store(value.C), element.Store(value.D));
    }
}
