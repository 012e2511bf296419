namespace Pooling.Gpu.Tests;

/// <summary>avg_pool1d (options <see cref="AvgPool1dOptions"/>) or avg_pool3d (<see cref="AvgPool3dOptions"/>).</summary>
public sealed record AvgPoolOp : BreadthOp
{
    private AvgPoolOp(AvgPool1dOptions? line, AvgPool3dOptions? volume)
    {
        Line = line;
        Volume = volume;
    }

    public AvgPool1dOptions? Line { get; }

    public AvgPool3dOptions? Volume { get; }

    public override string Name => Line is { } l
        ? $"avg_pool1d k{l.KernelSize} s{l.Stride} p{l.Padding}{(l.CeilMode ? " ceil" : "")}{(l.CountIncludePad ? "" : " nopad")}"
        : $"avg_pool3d k{Volume!.KernelSize} s{Volume.Stride} p{Volume.Padding}{(Volume.CeilMode ? " ceil" : "")}{(Volume.CountIncludePad ? "" : " nopad")}"
            + (Volume.DivisorOverride is { } d ? $" div{d}" : "");

    public override string TorchOp => Line is null ? OracleOp.AvgPool3d : OracleOp.AvgPool1d;

    public static AvgPoolOp Of(AvgPool1dOptions options) => new(options, null);

    public static AvgPoolOp Of(AvgPool3dOptions options) => new(null, options);

    public PoolWindows Windows(TensorShape input) => Line is { } l
        ? ReferencePooling.AvgPool(input, Axis.Unit, Axis.Unit, new(l.KernelSize, l.Stride, l.Padding, 1), l.CeilMode, l.CountIncludePad, null)
        : ReferencePooling.AvgPool(
            input,
            new(Volume!.KernelSize.Depth, Volume.Stride.Depth, Volume.Padding.Depth, 1),
            new(Volume.KernelSize.Height, Volume.Stride.Height, Volume.Padding.Height, 1),
            new(Volume.KernelSize.Width, Volume.Stride.Width, Volume.Padding.Width, 1),
            Volume.CeilMode,
            Volume.CountIncludePad,
            Volume.DivisorOverride);

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferencePooling.Average(x, Windows(input), input);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input) => ReferencePooling.AverageBackward(g, Windows(input), input);

    public override OracleParams TorchParams() => Line is { } l
        ? new() { KernelSize = new[] { l.KernelSize }, Stride = new[] { l.Stride }, Padding = new[] { l.Padding }, CeilMode = l.CeilMode, CountIncludePad = l.CountIncludePad }
        : new()
        {
            KernelSize = Volume!.KernelSize, Stride = Volume.Stride, Padding = Volume.Padding, CeilMode = Volume.CeilMode,
            CountIncludePad = Volume.CountIncludePad, DivisorOverride = Volume.DivisorOverride,
        };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        if (Line is not null)
        {
            engine.AvgPool1d(input, Line, output);
        }
        else
        {
            engine.AvgPool3d(input, Volume!, output);
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Line is not null ? engine.AvgPool1d(input, Line) : engine.AvgPool3d(input, Volume!);

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        if (Line is not null)
        {
            engine.AvgPool1dBackward(gradOutput, Line, gradInput);
        }
        else
        {
            engine.AvgPool3dBackward(gradOutput, Volume!, gradInput);
        }
    }
}
