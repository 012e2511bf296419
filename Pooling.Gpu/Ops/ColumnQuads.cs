namespace Pooling.Gpu;

/// <summary>When a window pooling can read its channels-first input as <see cref="Quad{T}"/>s of four columns.</summary>
internal static class ColumnQuads
{
    /// <summary>
    /// How the column pairs of <paramref name="geometry"/> lie over quads
    /// (<see cref="IWindowGeometry.ColumnPairs"/>) for a channels-first input whose W is a multiple
    /// of 4 (so each row is whole quads), whose outputs along W are half as many (whole pairs,
    /// one per quad), and whose view starts on a quad's alignment (<see cref="Quad.StartsAligned"/>);
    /// <see cref="ColumnPairing.None"/> otherwise.
    /// </summary>
    internal static ColumnPairing Fit<T, TGeometry>(DeviceTensor<T> input, PoolShape shape, TGeometry geometry)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry =>
        input.Shape.Layout == TensorLayout.ChannelsFirst
        && shape.Input.W % 4 == 0
        && shape.Output.W * 2 == shape.Input.W
        && Quad.StartsAligned(input)
            ? geometry.ColumnPairs
            : ColumnPairing.None;

    /// <summary>A launch's shape with W counted in quads of input columns and in pairs of output columns.</summary>
    internal static PoolShape Of(PoolShape shape) =>
        new(shape.Input with { W = shape.Input.W / 4 }, shape.Output with { W = shape.Output.W / 2 });

    /// <summary>The pair whose window (W in quads, <see cref="ColumnQuadWindows{TGeometry, TPairs}"/>) is <paramref name="window"/>.</summary>
    internal static long Pair<TPairs>(PoolWindow window)
        where TPairs : struct, IColumnPairs => window.Cols.Origin + default(TPairs).ReachBack;

    /// <summary>The left output's window of pair <paramref name="pair"/>, whose window is <paramref name="window"/>: its depths and rows, its own columns.</summary>
    internal static PoolWindow Left<TGeometry>(TGeometry windows, PoolWindow window, long pair)
        where TGeometry : struct, IWindowGeometry => window with { Cols = windows.Cols(2 * pair) };

    /// <summary>The right output's window of pair <paramref name="pair"/>.</summary>
    internal static PoolWindow Right<TGeometry>(TGeometry windows, PoolWindow window, long pair)
        where TGeometry : struct, IWindowGeometry => window with { Cols = windows.Cols((2 * pair) + 1) };
}

/// <summary>How far back the windows of column pair i reach: a type argument, so that the kernels know it at compile time.</summary>
internal interface IColumnPairs
{
    /// <summary>How many quads before quad i the pair's windows reach: 0 or 1.</summary>
    int ReachBack { get; }
}

/// <summary><see cref="ColumnPairing.Tiles"/>: pair i's windows are quad i, halves A, B and C, D.</summary>
internal readonly struct TiledPairs : IColumnPairs
{
    public int ReachBack => 0;
}

/// <summary><see cref="ColumnPairing.Overlaps"/>: pair i's windows are quad i - 1's D with quad i's A, B, and quad i's B, C, D.</summary>
internal readonly struct OverlappingPairs : IColumnPairs
{
    public int ReachBack => 1;
}

/// <summary>
/// The windows of <typeparamref name="TGeometry"/> with W counted in quads (<see cref="ColumnQuads.Of"/>):
/// along W, output pair i (outputs 2i and 2i + 1) has input quad i as its window, and quad i - 1
/// before it where <typeparamref name="TPairs"/> reaches back (whose origin, for pair 0, is in the
/// padding); along D and H the windows are <typeparamref name="TGeometry"/>'s.
/// </summary>
internal readonly record struct ColumnQuadWindows<TGeometry, TPairs>(TGeometry Windows, long Pairs) : IWindowGeometry
    where TGeometry : struct, IWindowGeometry
    where TPairs : struct, IColumnPairs
{
    public bool RowsOverlap => Windows.RowsOverlap;

    public ColumnPairing ColumnPairs => ColumnPairing.None;

    public int ColumnsAtMost => 1 + default(TPairs).ReachBack;

    public AxisWindow Depth(long od) => Windows.Depth(od);

    public AxisWindow Rows(long oh) => Windows.Rows(oh);

    public AxisWindow Cols(long ow)
    {
        int back = default(TPairs).ReachBack;
        return new(ow - back, Math.Max(ow - back, 0), ow + 1, 1, 1 + back, 1 + back);
    }

    public OutputRange DepthCovering(long d) => Windows.DepthCovering(d);

    public OutputRange RowsCovering(long h) => Windows.RowsCovering(h);

    public OutputRange ColsCovering(long w) => new(w, Math.Min(w + 1 + default(TPairs).ReachBack, Pairs));
}

/// <summary>
/// Two columns' windows at once: the window-pooling kernel over a channels-first tensor read as
/// quads of four columns (<see cref="ColumnQuadWindows{TGeometry, TPairs}"/>) gives each value of
/// a quad to the window(s) of the pair holding its column, at that column: tiled, A and B to the
/// left output and C and D to the right one; overlapping, the previous quad's D and A, B to the
/// left, B, C, D to the right. Each window still sees its values row by row, left to right, so
/// results are the one-output kernel's bits. Output pair <c>o</c> is outputs <c>2o</c> and
/// <c>2o + 1</c>, since W is the fastest dim; their windows are <typeparamref name="TGeometry"/>'s own.
/// </summary>
internal struct ColumnQuadReduction<TAcc, TGeometry, TPairs, TReduction>(TGeometry windows, TReduction reduction) : IWindowReduction<Quad<TAcc>>
    where TAcc : unmanaged
    where TGeometry : struct, IWindowGeometry
    where TPairs : struct, IColumnPairs
    where TReduction : struct, IWindowReduction<TAcc>
{
    private readonly TGeometry windows = windows;
    private TReduction left = reduction;
    private TReduction right = reduction;
    private long pair;

    public void Reset(PoolWindow window)
    {
        pair = ColumnQuads.Pair<TPairs>(window);
        left.Reset(ColumnQuads.Left(windows, window, pair));
        right.Reset(ColumnQuads.Right(windows, window, pair));
    }

    public void Add(Quad<TAcc> value, long d, long h, long w)
    {
        if (default(TPairs).ReachBack > 0 && w < pair)
        {
            left.Add(value.D, d, h, (4 * w) + 3);
            return;
        }

        left.Add(value.A, d, h, 4 * w);
        left.Add(value.B, d, h, (4 * w) + 1);
        if (default(TPairs).ReachBack > 0)
        {
            right.Add(value.B, d, h, (4 * w) + 1);
        }

        right.Add(value.C, d, h, (4 * w) + 2);
        right.Add(value.D, d, h, (4 * w) + 3);
    }

    public readonly void Store(long output, PoolWindow window)
    {
        left.Store(2 * output, ColumnQuads.Left(windows, window, pair));
        right.Store((2 * output) + 1, ColumnQuads.Right(windows, window, pair));
    }
}

/// <summary>What a gradient loads for the two outputs of a column pair.</summary>
internal readonly record struct OutputPair<TLoads>(TLoads Left, TLoads Right)
    where TLoads : unmanaged;

/// <summary>
/// Four columns' gradients at once: the window-pooling backward kernel over a channels-first
/// gradient read as quads of four columns (<see cref="ColumnQuadWindows{TGeometry, TPairs}"/>)
/// gives each input of a quad the shares of the pair(s) covering it, per row, as the forward gives
/// each value to them: tiled, A and B take the left output's, C and D the right one's; overlapping,
/// A and B the left output's, B, C and D the right one's, and D the left output's of the next
/// pair too. Each share comes with the window the op's own geometry gives its output, and each
/// input adds its shares one by one in the one-input kernel's order (output rows, then columns:
/// B takes the left's before the right's, D its own pair's before the next one's), so the sums
/// are that kernel's bits. Input quad <c>i</c> is inputs <c>4i .. 4i + 3</c>, output pair
/// <c>o</c> outputs <c>2o</c> and <c>2o + 1</c>.
/// </summary>
internal readonly struct ColumnQuadGradient<TAcc, TLoads, TGeometry, TPairs, TGradient>(TGeometry windows, TGradient gradient)
    : IWindowGradient<Quad<TAcc>, OutputPair<TLoads>>
    where TAcc : unmanaged
    where TLoads : unmanaged
    where TGeometry : struct, IWindowGeometry
    where TPairs : struct, IColumnPairs
    where TGradient : struct, IWindowGradient<TAcc, TLoads>
{
    private readonly TGeometry windows = windows;
    private readonly TGradient gradient = gradient;

    public OutputPair<TLoads> Load(long output) => new(gradient.Load(2 * output), gradient.Load((2 * output) + 1));

    public int OutputsPerStep => 2;

    public Quad<TAcc> Add(Quad<TAcc> sum, OutputPair<TLoads> loaded, long output, long d, long h, long w, PoolWindow window)
    {
        long pair = ColumnQuads.Pair<TPairs>(window);
        var left = ColumnQuads.Left(windows, window, pair);
        if (default(TPairs).ReachBack > 0 && w < pair)
        {
            return sum with { D = gradient.Add(sum.D, loaded.Left, 2 * output, d, h, (4 * w) + 3, left) };
        }

        var right = ColumnQuads.Right(windows, window, pair);
        var b = gradient.Add(sum.B, loaded.Left, 2 * output, d, h, (4 * w) + 1, left);
        return new(
            gradient.Add(sum.A, loaded.Left, 2 * output, d, h, 4 * w, left),
            default(TPairs).ReachBack > 0 ? gradient.Add(b, loaded.Right, (2 * output) + 1, d, h, (4 * w) + 1, right) : b,
            gradient.Add(sum.C, loaded.Right, (2 * output) + 1, d, h, (4 * w) + 2, right),
            gradient.Add(sum.D, loaded.Right, (2 * output) + 1, d, h, (4 * w) + 3, right));
    }

    public Quad<TAcc> Finish(long input, Quad<TAcc> sum) => Quad.Finish<TAcc, TLoads, TGradient>(gradient, input, sum);
}
