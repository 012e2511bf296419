namespace Pooling.Gpu;

/// <summary>When a window pooling can read its channels-last input as <see cref="Quad{T}"/>s of four channels.</summary>
internal static class ChannelQuads
{
    /// <summary>A channels-last input whose C is a multiple of 4 and whose view starts on a quad's alignment (<see cref="Quad.StartsAligned"/>).</summary>
    internal static bool Fit<T>(DeviceTensor<T> input)
        where T : unmanaged =>
        input.Shape.Layout == TensorLayout.ChannelsLast && input.Shape.C % 4 == 0 && Quad.StartsAligned(input);

    /// <summary>A launch's shape with C counted in quads.</summary>
    internal static PoolShape Of(PoolShape shape) =>
        new(shape.Input with { C = shape.Input.C / 4 }, shape.Output with { C = shape.Output.C / 4 });
}

/// <summary>
/// Four channels' windows at once: the window-pooling kernel over a channels-last tensor read as
/// quads (<see cref="Quad{T}"/>, C counted in fours) gives each value of a quad to its channel's
/// reduction. The windows are the same for the four; output quad <c>o</c> is outputs
/// <c>4o .. 4o + 3</c>, since channels are the fastest dim.
/// </summary>
internal struct ChannelQuadReduction<TAcc, TReduction>(TReduction reduction) : IWindowReduction<Quad<TAcc>>
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

/// <summary>
/// Four channels' gradients at once: the window-pooling backward kernel over a channels-last
/// gradient read as quads (C counted in fours) sums each channel's shares with its own copy of
/// the op's gradient, in the one-channel kernel's order; input quad <c>i</c> is inputs
/// <c>4i .. 4i + 3</c>, and output quad <c>o</c> outputs <c>4o .. 4o + 3</c>.
/// </summary>
internal readonly struct ChannelQuadGradient<TAcc, TLoads, TGradient>(TGradient gradient) : IWindowGradient<Quad<TAcc>, Quad<TLoads>>
    where TAcc : unmanaged
    where TLoads : unmanaged
    where TGradient : struct, IWindowGradient<TAcc, TLoads>
{
    private readonly TGradient gradient = gradient;

    public Quad<TLoads> Load(long output) =>
        new(gradient.Load(4 * output), gradient.Load((4 * output) + 1), gradient.Load((4 * output) + 2), gradient.Load((4 * output) + 3));

    public int OutputsPerStep => 2;

    public Quad<TAcc> Add(Quad<TAcc> sum, Quad<TLoads> loaded, long output, long d, long h, long w, PoolWindow window) =>
        new(
            gradient.Add(sum.A, loaded.A, 4 * output, d, h, w, window),
            gradient.Add(sum.B, loaded.B, (4 * output) + 1, d, h, w, window),
            gradient.Add(sum.C, loaded.C, (4 * output) + 2, d, h, w, window),
            gradient.Add(sum.D, loaded.D, (4 * output) + 3, d, h, w, window));

    public Quad<TAcc> Finish(long input, Quad<TAcc> sum) => Quad.Finish<TAcc, TLoads, TGradient>(gradient, input, sum);
}
