namespace Pooling.Gpu;

/// <summary>Sizes of one tensor for index math: N, C and the three spatial dims (unused ones are 1).</summary>
internal readonly record struct TensorDims(long N, long C, long D, long H, long W)
{
    internal static TensorDims Of(TensorShape shape) => new(shape.N, shape.C, shape.D, shape.H, shape.W);

    internal long Length => N * C * D * H * W;
}

/// <summary>Sizes of a window-pooling launch: the input's and the output's dims (same N and C).</summary>
internal readonly record struct PoolShape(TensorDims Input, TensorDims Output)
{
    internal static PoolShape Of(TensorShape input, TensorShape output) => new(TensorDims.Of(input), TensorDims.Of(output));
}

/// <summary>
/// One window along one axis. Its positions are <c>Origin + i*Step</c> for i in [0, Span);
/// those inside the input are <c>Start, Start + Step, ...</c> below <c>End</c>.
/// <see cref="Extent"/> is the window's size for the average divisor (which may count padding).
/// </summary>
internal readonly record struct AxisWindow(long Origin, long Start, long End, int Step, long Span, long Extent)
{
    internal bool IsEmpty => Start >= End;
}

/// <summary>The window of one output: an <see cref="AxisWindow"/> per spatial axis.</summary>
internal readonly record struct PoolWindow(AxisWindow Depth, AxisWindow Rows, AxisWindow Cols)
{
    internal bool IsEmpty => Depth.IsEmpty || Rows.IsEmpty || Cols.IsEmpty;

    internal long Extent => Depth.Extent * Rows.Extent * Cols.Extent;
}

/// <summary>The outputs <c>[Start, End)</c> along one axis whose windows may hold an input position.</summary>
internal readonly record struct OutputRange(long Start, long End);

/// <summary>Where the windows of each output lie in the input, and which outputs may cover an input, per axis.</summary>
internal interface IWindowGeometry
{
    /// <summary>
    /// Selects plane (n, c), whose windows the other members give until the next call. A kernel
    /// calls it for each output or input before asking for windows: fractional pooling draws each
    /// plane's own (<c>FractionalWindows</c>); the other geometries are
    /// the same in every plane and ignore it.
    /// </summary>
    void EnterPlane(long n, long c);

    AxisWindow Depth(long od);

    AxisWindow Rows(long oh);

    AxisWindow Cols(long ow);

    /// <summary>Outputs along D whose windows may hold depth <paramref name="d"/> (with dilation, some skip it).</summary>
    OutputRange DepthCovering(long d);

    /// <summary>Outputs along H whose windows may hold row <paramref name="h"/>.</summary>
    OutputRange RowsCovering(long h);

    /// <summary>Outputs along W whose windows may hold column <paramref name="w"/>.</summary>
    OutputRange ColsCovering(long w);
}

/// <summary>Whether an average's divisor counts the padding positions of its window (count_include_pad).</summary>
/// <remarks>An enum, not a bool: kernel arguments must be blittable.</remarks>
internal enum PaddingInDivisor
{
    Excluded,
    Included,
}

/// <summary>Kernel, stride, padding and dilation of one axis of a strided pooling.</summary>
internal readonly record struct AxisSpec
{
    /// <summary>An axis; the stride's <see cref="Divisor"/> is prepared here, on the host.</summary>
    internal AxisSpec(int kernel, int stride, int padding, int dilation)
    {
        Kernel = kernel;
        Padding = padding;
        Dilation = dilation;
        StrideDivisor = new Divisor(stride);
    }

    internal int Kernel { get; }

    internal int Stride => (int)StrideDivisor.Value;

    /// <summary>The stride, ready to divide by without a division sequence (backward's covering outputs).</summary>
    internal Divisor StrideDivisor { get; }

    internal int Padding { get; }

    internal int Dilation { get; }

    /// <summary>The trivial axis of a lower-dimensional op (size 1 in and out).</summary>
    internal static AxisSpec Unit => new(1, 1, 0, 1);
}

/// <summary>
/// Windows of max and average pooling: output o starts at <c>o*stride - pad</c> and takes
/// <c>kernel</c> positions spaced by <c>dilation</c>; positions outside the input are skipped.
/// The extent follows PyTorch's avg_pool: clipped at the padded edge, then, unless padding
/// counts, at the input.
/// </summary>
internal readonly record struct StridedWindows(PoolShape Shape, AxisSpec DepthAxis, AxisSpec RowAxis, AxisSpec ColAxis, PaddingInDivisor Divisor)
    : IWindowGeometry
{
    public void EnterPlane(long n, long c)
    {
    }

    public AxisWindow Depth(long od) => Axis(od, Shape.Input.D, DepthAxis);

    public AxisWindow Rows(long oh) => Axis(oh, Shape.Input.H, RowAxis);

    public AxisWindow Cols(long ow) => Axis(ow, Shape.Input.W, ColAxis);

    public OutputRange DepthCovering(long d) => Covering(d, Shape.Output.D, DepthAxis);

    public OutputRange RowsCovering(long h) => Covering(h, Shape.Output.H, RowAxis);

    public OutputRange ColsCovering(long w) => Covering(w, Shape.Output.W, ColAxis);

    private AxisWindow Axis(long o, long size, AxisSpec axis)
    {
        long origin = o * axis.Stride - axis.Padding;
        long start = origin < 0 ? origin + Divide.Floor(-origin + axis.Dilation - 1, axis.Dilation) * axis.Dilation : origin;
        long end = Math.Min(origin + (long)(axis.Kernel - 1) * axis.Dilation + 1, size);
        long paddedEnd = Math.Min(origin + axis.Kernel, size + axis.Padding);
        long extent = Divisor == PaddingInDivisor.Included ? paddedEnd - origin : Math.Max(0, end - start);
        return new AxisWindow(origin, start, end, axis.Dilation, axis.Kernel, extent);
    }

    /// <summary>
    /// Outputs o with <c>o*stride - pad &lt;= i</c> and <c>i &lt; o*stride - pad + span</c>, span =
    /// <c>(kernel-1)*dilation + 1</c>. The last is <c>floor((i+pad)/stride)</c>. Windows that do not
    /// overlap (stride >= span, as in stride = kernel) leave that one as the only candidate, kept if
    /// its window reaches i: one division; overlapping ones take a second for the first output.
    /// </summary>
    private static OutputRange Covering(long i, long outputs, AxisSpec axis)
    {
        long span = (long)(axis.Kernel - 1) * axis.Dilation + 1;
        long reach = i + axis.Padding;
        long last = axis.StrideDivisor.Floor(reach);
        long first = axis.Stride >= span ? (reach - last * axis.Stride < span ? last : last + 1)
            : reach < span ? 0 : axis.StrideDivisor.Floor(reach - span) + 1;
        return new OutputRange(first, Math.Min(last + 1, outputs));
    }
}

/// <summary>
/// Windows of adaptive pooling: output i of O over input size I covers
/// <c>[floor(i*I/O), ceil((i+1)*I/O))</c>, in integer arithmetic. By the same formula with the
/// roles swapped, input i is covered by outputs <c>[floor(i*O/I), ceil((i+1)*O/I))</c>.
/// </summary>
internal readonly record struct AdaptiveWindows : IWindowGeometry
{
    private readonly Divisor inD, inH, inW, outD, outH, outW;

    /// <summary>The windows of <paramref name="shape"/>; the sizes' <see cref="Divisor"/>s are prepared here, on the host.</summary>
    internal AdaptiveWindows(PoolShape shape)
    {
        Shape = shape;
        (inD, inH, inW) = (new(shape.Input.D), new(shape.Input.H), new(shape.Input.W));
        (outD, outH, outW) = (new(shape.Output.D), new(shape.Output.H), new(shape.Output.W));
    }

    internal PoolShape Shape { get; }

    public void EnterPlane(long n, long c)
    {
    }

    public AxisWindow Depth(long od) => Axis(od, Shape.Input.D, outD);

    public AxisWindow Rows(long oh) => Axis(oh, Shape.Input.H, outH);

    public AxisWindow Cols(long ow) => Axis(ow, Shape.Input.W, outW);

    public OutputRange DepthCovering(long d) => Covering(d, Shape.Output.D, inD);

    public OutputRange RowsCovering(long h) => Covering(h, Shape.Output.H, inH);

    public OutputRange ColsCovering(long w) => Covering(w, Shape.Output.W, inW);

    private static AxisWindow Axis(long i, long size, Divisor outputs)
    {
        var (start, end) = Covering(i, size, outputs);
        return new AxisWindow(start, start, end, 1, end - start, end - start);
    }

    /// <summary>
    /// <c>[floor(i*size/count), ceil((i+1)*size/count))</c> for <c>i &lt; count</c>: two divisions
    /// by a prepared divisor. The products cannot overflow: PoolingRules refuses input*output
    /// sizes past long.MaxValue.
    /// </summary>
    private static OutputRange Covering(long i, long size, Divisor count) =>
        new(count.Floor(i * size), 1 + count.Floor((i + 1) * size - 1));
}
