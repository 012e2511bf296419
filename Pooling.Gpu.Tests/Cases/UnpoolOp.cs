namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool1d, max_unpool2d or max_unpool3d (by its <see cref="RankedOp{T1, T2, T3}.Options"/>) of the max pooling
/// (the options' kernel, stride and padding) of a <see cref="Source"/>-shaped tensor. Its indices
/// are that pooling's (the float64 reference's, on seeded data: overlapping windows share maxima,
/// so indices repeat), or, with <see cref="Duplicates"/>, random positions from a few, so that many
/// inputs share each.
/// </summary>
public sealed record UnpoolOp : RankedOp<MaxUnpool1dOptions, MaxUnpool2dOptions, MaxUnpool3dOptions>
{
    private readonly string description;
    private readonly (Axis D, Axis H, Axis W) axes;
    private readonly (long D, long H, long W)? outputSize;

    private UnpoolOp(TensorShape source, object options, (Axis, Axis, Axis) axes, (long, long, long)? outputSize, string description, bool duplicates)
        : base(options)
    {
        Source = source;
        this.axes = axes;
        this.outputSize = outputSize;
        this.description = description;
        Duplicates = duplicates;
    }

    /// <summary>The max pooling's input shape: the unpooling's default output.</summary>
    public TensorShape Source { get; }

    public bool Duplicates { get; }

    public bool HasOutputSize => outputSize is not null;

    public override string Name => $"max_unpool{SpatialRank}d {description} of {Source}{(Duplicates ? " duplicates" : "")}";

    public override string TorchOp => Pick(_ => OracleOp.MaxUnpool1d, _ => OracleOp.MaxUnpool2d, _ => OracleOp.MaxUnpool3d);

    /// <summary>Unpooling moves values: exact in every element type.</summary>
    public override bool Exact => true;

    /// <summary>The pooled shape: the unpooling's input.</summary>
    public TensorShape Pooled => Source.WithSpatial(axes.D.OutputSize(Source.D, false), axes.H.OutputSize(Source.H, false), axes.W.OutputSize(Source.W, false));

    public static UnpoolOp Of<TSize>(TensorShape source, MaxUnpoolOptions<TSize> o, bool duplicates = false)
        where TSize : struct
    {
        var axes = AxesOf(o.KernelSize, o.Stride, o.Padding);
        (long, long, long)? size = o.OutputSize is { } s ? Spread(s, 1) : null;
        return new(source, o, axes, size, $"k{o.KernelSize} s{o.Stride} p{o.Padding}{(o.OutputSize is { } t ? $" ->{t}" : "")}", duplicates);
    }

    /// <summary>PyTorch's rule: the requested size, or <c>(in - 1)*stride - 2*pad + kernel</c> per axis (1 along the axes the rank lacks).</summary>
    public TensorShape OutputShape(TensorShape input)
    {
        static long Default(long size, Axis a) => (size - 1) * a.Stride - 2 * a.Padding + a.Kernel;
        var (d, h, w) = outputSize ?? (Default(input.D, axes.D), Default(input.H, axes.H), Default(input.W, axes.W));
        return input.WithSpatial(d, h, w);
    }

    public override long[]? InputIndices(TensorShape input)
    {
        var logical = input.WithLayout(TensorLayout.ChannelsFirst);
        if (Duplicates)
        {
            var random = new Random(TestData.SeedOf(Name));
            long few = Math.Max(1, Math.Min(OutputShape(logical).PlaneLength, logical.PlaneLength / 2));
            return [.. Enumerable.Range(0, (int)logical.Length).Select(_ => random.NextInt64(few))];
        }

        var source = TestData.Make(Source.Length, DataKind.Ties, TestData.SeedOf(Name + " source"));
        return ReferencePooling.Max(source, ReferencePooling.MaxPool(Source, axes.D, axes.H, axes.W, false), Source).Indices;
    }

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferenceUnpool.Forward(x, InputIndices(input)!, input, OutputShape(input));

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input) =>
        ReferenceUnpool.Backward(g, InputIndices(input)!, input, OutputShape(input));

    public override OracleParams TorchParams() =>
        WindowParams(axes) with { OutputSize = outputSize is (long d, long h, long w) ? new[] { (int)d, (int)h, (int)w }[(3 - SpatialRank)..] : (OracleSize?)null };

    public override TensorShape? OptionsOutputShape(TensorShape input) => Pick(o => o.OutputShape(input), o => o.OutputShape(input), o => o.OutputShape(input));

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        using var positions = Upload(engine, input.Shape);
        Call(o => engine.MaxUnpool(input, positions, o, output), o => engine.MaxUnpool(input, positions, o, output), o => engine.MaxUnpool(input, positions, o, output));
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
    {
        using var positions = Upload(engine, input.Shape);
        return Pick(o => engine.MaxUnpool(input, positions, o), o => engine.MaxUnpool(input, positions, o), o => engine.MaxUnpool(input, positions, o));
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        using var positions = Upload(engine, input.Shape);
        Call(
            o => engine.MaxUnpoolBackward(gradOutput, positions, o, gradInput),
            o => engine.MaxUnpoolBackward(gradOutput, positions, o, gradInput),
            o => engine.MaxUnpoolBackward(gradOutput, positions, o, gradInput));
    }

    /// <summary>The indices in the input's layout.</summary>
    private DeviceTensor<long> Upload(PoolingEngine engine, TensorShape input) =>
        engine.Upload<long>(Layouts.ToLayout(InputIndices(input)!, input.WithLayout(TensorLayout.ChannelsFirst), input.Layout), input);
}
