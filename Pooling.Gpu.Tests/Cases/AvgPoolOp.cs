namespace Pooling.Gpu.Tests;

/// <summary>avg_pool1d, avg_pool2d or avg_pool3d, by its <see cref="RankedOp{T1, T2, T3}.Options"/>.</summary>
public sealed record AvgPoolOp : RankedOp<AvgPool1dOptions, AvgPool2dOptions, AvgPool3dOptions>
{
    private readonly string description;

    private AvgPoolOp(object options, (Axis, Axis, Axis) axes, bool ceil, bool countIncludePad, int? divisorOverride, string description)
        : base(options)
    {
        Axes = axes;
        CeilMode = ceil;
        CountIncludePad = countIncludePad;
        DivisorOverride = divisorOverride;
        this.description = description;
    }

    public (Axis D, Axis H, Axis W) Axes { get; }

    public bool CeilMode { get; }

    public bool CountIncludePad { get; }

    /// <summary>The divisor override (avg_pool1d has none).</summary>
    public int? DivisorOverride { get; }

    public override string Name => $"avg_pool{SpatialRank}d {description}";

    public override string TorchOp => Pick(_ => OracleOp.AvgPool1d, _ => OracleOp.AvgPool2d, _ => OracleOp.AvgPool3d);

    public static AvgPoolOp Of(AvgPool1dOptions o) => Of(o, null);

    public static AvgPoolOp Of(AvgPool2dOptions o) => Of(o, o.DivisorOverride);

    public static AvgPoolOp Of(AvgPool3dOptions o) => Of(o, o.DivisorOverride);

    public override PoolWindows Windows(TensorShape input) => ReferencePooling.AvgPool(input, Axes.D, Axes.H, Axes.W, CeilMode, CountIncludePad, DivisorOverride);

    public override TensorShape? OptionsOutputShape(TensorShape input) => Pick(o => o.OutputShape(input), o => o.OutputShape(input), o => o.OutputShape(input));

    public override OracleParams TorchParams() =>
        WindowParams(Axes) with { CeilMode = CeilMode, CountIncludePad = CountIncludePad, DivisorOverride = DivisorOverride };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices) =>
        Call(o => engine.AvgPool(input, o, output), o => engine.AvgPool(input, o, output), o => engine.AvgPool(input, o, output));

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Pick(o => engine.AvgPool(input, o), o => engine.AvgPool(input, o), o => engine.AvgPool(input, o));

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form) => Call(
        o => engine.AvgPoolBackward(gradOutput, o, gradInput),
        o => engine.AvgPoolBackward(gradOutput, o, gradInput),
        o => engine.AvgPoolBackward(gradOutput, o, gradInput));

    private static AvgPoolOp Of<TSize>(AvgPoolOptions<TSize> o, int? divisor)
        where TSize : struct => new(
        o,
        AxesOf(o.KernelSize, o.Stride, o.Padding),
        o.CeilMode,
        o.CountIncludePad,
        divisor,
        $"k{o.KernelSize} s{o.Stride} p{o.Padding}{(o.CeilMode ? " ceil" : "")}{(o.CountIncludePad ? "" : " nopad")}{(divisor is { } d ? $" div{d}" : "")}");
}
