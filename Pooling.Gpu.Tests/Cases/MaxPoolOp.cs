namespace Pooling.Gpu.Tests;

/// <summary>max_pool1d, max_pool2d or max_pool3d, by its <see cref="RankedOp{T1, T2, T3}.Options"/>.</summary>
public sealed record MaxPoolOp : RankedOp<MaxPool1dOptions, MaxPool2dOptions, MaxPool3dOptions>
{
    private readonly string description;

    private MaxPoolOp(object options, (Axis, Axis, Axis) axes, bool ceil, string description)
        : base(options)
    {
        Axes = axes;
        CeilMode = ceil;
        this.description = description;
    }

    public (Axis D, Axis H, Axis W) Axes { get; }

    public bool CeilMode { get; }

    public override string Name => $"max_pool{SpatialRank}d {description}";

    public override string TorchOp => Pick(_ => OracleOp.MaxPool1d, _ => OracleOp.MaxPool2d, _ => OracleOp.MaxPool3d);

    public override bool IsMax => true;

    /// <summary>PyTorch 1.13 still limits padding to half the kernel, not half the effective kernel.</summary>
    public bool WithinTorch113PaddingRule => OfRank(Axes).All(a => a.Padding <= a.Kernel / 2);

    public static MaxPoolOp Of<TSize>(MaxPoolOptions<TSize> o)
        where TSize : struct =>
        new(o, AxesOf(o.KernelSize, o.Stride, o.Padding, o.Dilation), o.CeilMode, $"k{o.KernelSize} s{o.Stride} p{o.Padding} d{o.Dilation}{(o.CeilMode ? " ceil" : "")}");

    public override bool TorchCanAnswer(ReferenceResult reference) => WithinTorch113PaddingRule && base.TorchCanAnswer(reference);

    public override PoolWindows Windows(TensorShape input) => ReferencePooling.MaxPool(input, Axes.D, Axes.H, Axes.W, CeilMode);

    public override long WindowPositions(TensorShape input) => (long)Axes.D.Kernel * Axes.H.Kernel * Axes.W.Kernel;

    public override TensorShape? OptionsOutputShape(TensorShape input) => Pick(o => o.OutputShape(input), o => o.OutputShape(input), o => o.OutputShape(input));

    public override OracleParams TorchParams() =>
        WindowParams(Axes) with { Dilation = OfRank(Axes).Select(a => a.Dilation).ToArray(), CeilMode = CeilMode, ReturnIndices = true };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices) => Call(
        o => engine.MaxPoolWithIndices(input, o, output, indices!),
        o => engine.MaxPoolWithIndices(input, o, output, indices!),
        o => engine.MaxPoolWithIndices(input, o, output, indices!));

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Pick(o => engine.MaxPool(input, o), o => engine.MaxPool(input, o), o => engine.MaxPool(input, o));

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output) => Pick(
        o => Filled(engine.AllocateMaxPoolIndices(input.Shape, o), indices => engine.MaxPool(input, o, output, indices)),
        o => Filled(engine.AllocateMaxPoolIndices(input.Shape, o), indices => engine.MaxPool(input, o, output, indices)),
        o => Filled(engine.AllocateMaxPoolIndices(input.Shape, o), indices => engine.MaxPool(input, o, output, indices)));

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form) =>
        MaxBackward(engine, input, gradOutput, gradInput, form, indices => Call(
            o => engine.MaxPoolBackward(gradOutput, indices, o, gradInput),
            o => engine.MaxPoolBackward(gradOutput, indices, o, gradInput),
            o => engine.MaxPoolBackward(gradOutput, indices, o, gradInput)));
}
