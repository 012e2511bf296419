namespace Pooling.Gpu;

/// <summary>When a window pooling can read its channels-first input as <see cref="Quad{T}"/>s of four columns.</summary>
internal static class ColumnQuads
{
    /// <summary>
    /// A channels-first input whose windows along W are two adjacent columns at stride 2 from
    /// column 0 (<see cref="IWindowGeometry.ColumnsPairUp"/>: 2x2 stride 2, VGG's pooling), whose W
    /// is a multiple of 4 (so each row is whole quads, and its outputs are whole pairs), and whose
    /// view starts on a quad's alignment (<see cref="Quad.StartsAligned"/>).
    /// </summary>
    internal static bool Fit<T, TGeometry>(DeviceTensor<T> input, PoolShape shape, TGeometry geometry)
        where T : unmanaged
        where TGeometry : struct, IWindowGeometry =>
        input.Shape.Layout == TensorLayout.ChannelsFirst
        && shape.Input.W % 4 == 0
        && shape.Output.W * 2 == shape.Input.W
        && geometry.ColumnsPairUp
        && Quad.StartsAligned(input);

    /// <summary>A launch's shape with W counted in quads of input columns and in pairs of output columns.</summary>
    internal static PoolShape Of(PoolShape shape) =>
        new(shape.Input with { W = shape.Input.W / 4 }, shape.Output with { W = shape.Output.W / 2 });

    /// <summary>The left output's window of a pair whose window (W in quads) is <paramref name="pair"/>: the pair's depths and rows, its own columns.</summary>
    internal static PoolWindow Left<TGeometry>(TGeometry windows, PoolWindow pair)
        where TGeometry : struct, IWindowGeometry => pair with { Cols = windows.Cols(2 * pair.Cols.Start) };

    /// <summary>The right output's window of a pair whose window is <paramref name="pair"/>.</summary>
    internal static PoolWindow Right<TGeometry>(TGeometry windows, PoolWindow pair)
        where TGeometry : struct, IWindowGeometry => pair with { Cols = windows.Cols((2 * pair.Cols.Start) + 1) };
}

/// <summary>
/// The windows of <typeparamref name="TGeometry"/> with W counted in quads (<see cref="ColumnQuads.Of"/>):
/// along W, output pair i (outputs 2i and 2i + 1) has input quad i as its window, and only it;
/// along D and H the windows are <typeparamref name="TGeometry"/>'s.
/// </summary>
internal readonly record struct ColumnQuadWindows<TGeometry>(TGeometry Windows) : IWindowGeometry
    where TGeometry : struct, IWindowGeometry
{
    public bool RowsOverlap => Windows.RowsOverlap;

    public bool ColumnsPairUp => false;

    public bool ColumnsOneToOne => true;

    public AxisWindow Depth(long od) => Windows.Depth(od);

    public AxisWindow Rows(long oh) => Windows.Rows(oh);

    public AxisWindow Cols(long ow) => new(ow, ow, ow + 1, 1, 1, 1);

    public OutputRange DepthCovering(long d) => Windows.DepthCovering(d);

    public OutputRange RowsCovering(long h) => Windows.RowsCovering(h);

    public OutputRange ColsCovering(long w) => new(w, w + 1);
}

/// <summary>
/// Two columns' windows at once: the window-pooling kernel over a channels-first tensor read as
/// quads of four columns (<see cref="ColumnQuadWindows{TGeometry}"/>) gives a quad's first two
/// values to the left window and its last two to the right one, each at its own column; each
/// window still sees its values row by row, left to right, so results are the one-output
/// kernel's bits. Output pair <c>o</c> is outputs <c>2o</c> and <c>2o + 1</c>, since W is the
/// fastest dim; their windows are <typeparamref name="TGeometry"/>'s own.
/// </summary>
internal struct ColumnQuadReduction<TAcc, TGeometry, TReduction>(TGeometry windows, TReduction reduction) : IWindowReduction<Quad<TAcc>>
    where TAcc : unmanaged
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
{
    private readonly TGeometry windows = windows;
    private TReduction left = reduction;
    private TReduction right = reduction;

    public void Reset(PoolWindow window)
    {
        left.Reset(ColumnQuads.Left(windows, window));
        right.Reset(ColumnQuads.Right(windows, window));
    }

    public void Add(Quad<TAcc> value, long d, long h, long w)
    {
        left.Add(value.A, d, h, 4 * w);
        left.Add(value.B, d, h, (4 * w) + 1);
        right.Add(value.C, d, h, (4 * w) + 2);
        right.Add(value.D, d, h, (4 * w) + 3);
    }

    public readonly void Store(long output, PoolWindow window)
    {
        left.Store(2 * output, ColumnQuads.Left(windows, window));
        right.Store((2 * output) + 1, ColumnQuads.Right(windows, window));
    }
}

/// <summary>What a gradient loads for the two outputs of a column pair.</summary>
internal readonly record struct OutputPair<TLoads>(TLoads Left, TLoads Right)
    where TLoads : unmanaged;

/// <summary>
/// Four columns' gradients at once: the window-pooling backward kernel over a channels-first
/// gradient read as quads of four columns (<see cref="ColumnQuadWindows{TGeometry}"/>) has one
/// output pair covering each input quad per row; its first two inputs take the left output's
/// shares, its last two the right one's, each with the window the op's own geometry gives it,
/// so each input sums its shares in the one-input kernel's order. Input quad <c>i</c> is inputs
/// <c>4i .. 4i + 3</c>, output pair <c>o</c> outputs <c>2o</c> and <c>2o + 1</c>.
/// </summary>
internal readonly struct ColumnQuadGradient<TAcc, TLoads, TGeometry, TGradient>(TGeometry windows, TGradient gradient)
    : IWindowGradient<Quad<TAcc>, OutputPair<TLoads>>
    where TAcc : unmanaged
    where TLoads : unmanaged
    where TGeometry : struct, IWindowGeometry
    where TGradient : struct, IWindowGradient<TAcc, TLoads>
{
    private readonly TGeometry windows = windows;
    private readonly TGradient gradient = gradient;

    public OutputPair<TLoads> Load(long output) => new(gradient.Load(2 * output), gradient.Load((2 * output) + 1));

    public Quad<TAcc> Share(OutputPair<TLoads> loaded, long output, long d, long h, long w, PoolWindow window)
    {
        var left = ColumnQuads.Left(windows, window);
        var right = ColumnQuads.Right(windows, window);
        return new(
            gradient.Share(loaded.Left, 2 * output, d, h, 4 * w, left),
            gradient.Share(loaded.Left, 2 * output, d, h, (4 * w) + 1, left),
            gradient.Share(loaded.Right, (2 * output) + 1, d, h, (4 * w) + 2, right),
            gradient.Share(loaded.Right, (2 * output) + 1, d, h, (4 * w) + 3, right));
    }

    public Quad<TAcc> Finish(long input, Quad<TAcc> sum) => Quad.Finish<TAcc, TLoads, TGradient>(gradient, input, sum);
}
