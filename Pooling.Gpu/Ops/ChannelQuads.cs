using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>When a window pooling can read its input as <see cref="Quad{T}"/>s.</summary>
internal static class ChannelQuads
{
    /// <summary>
    /// A channels-last input whose C is a multiple of 4 and whose view starts on a quad's alignment
    /// (its size, at most 16 bytes, the widest load): then every quad of it is aligned, since
    /// buffers start at least 256-byte aligned.
    /// </summary>
    internal static bool Fit<T>(DeviceTensor<T> input)
        where T : unmanaged =>
        input.Shape.Layout == TensorLayout.ChannelsLast
        && input.Shape.C % 4 == 0
        && StartInBytes(input.View) % Math.Min(16, Unsafe.SizeOf<Quad<T>>()) == 0;

    /// <summary>Where a view starts in its buffer (generic, so that the view is not boxed).</summary>
    private static long StartInBytes<TView>(TView view)
        where TView : struct, IContiguousArrayView => view.IndexInBytes;

    /// <summary>A launch's shape with C counted in quads.</summary>
    internal static PoolShape Of(PoolShape shape) =>
        new(shape.Input with { C = shape.Input.C / 4 }, shape.Output with { C = shape.Output.C / 4 });
}

/// <summary>Four consecutive channels of one position of a channels-last tensor, loaded and stored as one value.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly record struct Quad<T>(T A, T B, T C, T D)
    where T : unmanaged;

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

/// <summary>
/// Four channels' windows at once: the window-pooling kernel over a channels-last tensor read as
/// quads (<see cref="Quad{T}"/>, C counted in fours) gives each value of a quad to its channel's
/// reduction. The windows are the same for the four; output quad <c>o</c> is outputs
/// <c>4o .. 4o + 3</c>, since channels are the fastest dim.
/// </summary>
internal struct QuadReduction<TAcc, TReduction>(TReduction reduction) : IWindowReduction<Quad<TAcc>>
    where TAcc : unmanaged
    where TReduction : struct, IWindowReduction<TAcc>
{
    private TReduction a = reduction;
    private TReduction b = reduction;
    private TReduction c = reduction;
    private TReduction d = reduction;

    public void Reset(PoolWindow window)
    {
        a.Reset(window);
        b.Reset(window);
        c.Reset(window);
        d.Reset(window);
    }

    public void Add(Quad<TAcc> value, long depth, long h, long w)
    {
        a.Add(value.A, depth, h, w);
        b.Add(value.B, depth, h, w);
        c.Add(value.C, depth, h, w);
        d.Add(value.D, depth, h, w);
    }

    public readonly void Store(long output, PoolWindow window)
    {
        a.Store(4 * output, window);
        b.Store((4 * output) + 1, window);
        c.Store((4 * output) + 2, window);
        d.Store((4 * output) + 3, window);
    }
}
