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
        left.Reset(Left(window));
        right.Reset(Right(window));
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
        left.Store(2 * output, Left(window));
        right.Store((2 * output) + 1, Right(window));
    }

    /// <summary>The left output's window: the pair's window with its own columns.</summary>
    private readonly PoolWindow Left(PoolWindow window) => window with { Cols = windows.Cols(2 * window.Cols.Start) };

    /// <summary>The right output's window.</summary>
    private readonly PoolWindow Right(PoolWindow window) => window with { Cols = windows.Cols((2 * window.Cols.Start) + 1) };
}
