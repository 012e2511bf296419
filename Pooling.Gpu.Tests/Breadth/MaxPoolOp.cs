namespace Pooling.Gpu.Tests;

/// <summary>max_pool1d (options <see cref="MaxPool1dOptions"/>) or max_pool3d (<see cref="MaxPool3dOptions"/>).</summary>
public sealed record MaxPoolOp : BreadthOp, IMaxOp
{
    private MaxPoolOp(MaxPool1dOptions? line, MaxPool3dOptions? volume)
    {
        Line = line;
        Volume = volume;
    }

    public MaxPool1dOptions? Line { get; }

    public MaxPool3dOptions? Volume { get; }

    public override string Name => Line is { } l
        ? $"max_pool1d k{l.KernelSize} s{l.Stride} p{l.Padding} d{l.Dilation}{(l.CeilMode ? " ceil" : "")}"
        : $"max_pool3d k{Volume!.KernelSize} s{Volume.Stride} p{Volume.Padding} d{Volume.Dilation}{(Volume.CeilMode ? " ceil" : "")}";

    public override string TorchOp => Line is null ? OracleOp.MaxPool3d : OracleOp.MaxPool1d;

    public override bool IsMax => true;

    /// <summary>PyTorch 1.13 still limits padding to half the kernel, not half the effective kernel.</summary>
    public bool WithinTorch113PaddingRule => Line is { } l
        ? l.Padding <= l.KernelSize / 2
        : Volume!.Padding.Depth <= Volume.KernelSize.Depth / 2 && Volume.Padding.Height <= Volume.KernelSize.Height / 2 && Volume.Padding.Width <= Volume.KernelSize.Width / 2;

    public static MaxPoolOp Of(MaxPool1dOptions options) => new(options, null);

    public override bool TorchCanAnswer(ReferenceResult reference) => WithinTorch113PaddingRule && base.TorchCanAnswer(reference);

    public static MaxPoolOp Of(MaxPool3dOptions options) => new(null, options);

    public PoolWindows Windows(TensorShape input) => Line is { } l
        ? ReferencePooling.MaxPool(input, Axis.Unit, Axis.Unit, new(l.KernelSize, l.Stride, l.Padding, l.Dilation), l.CeilMode)
        : ReferencePooling.MaxPool(
            input,
            new(Volume!.KernelSize.Depth, Volume.Stride.Depth, Volume.Padding.Depth, Volume.Dilation.Depth),
            new(Volume.KernelSize.Height, Volume.Stride.Height, Volume.Padding.Height, Volume.Dilation.Height),
            new(Volume.KernelSize.Width, Volume.Stride.Width, Volume.Padding.Width, Volume.Dilation.Width),
            Volume.CeilMode);

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferencePooling.Max(x, Windows(input), input);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input)
    {
        var forward = Reference(x, input);
        return ReferencePooling.MaxBackward(g, forward.Indices, input, forward.Shape);
    }

    public override OracleParams TorchParams() => Line is { } l
        ? new() { KernelSize = new[] { l.KernelSize }, Stride = new[] { l.Stride }, Padding = new[] { l.Padding }, Dilation = new[] { l.Dilation }, CeilMode = l.CeilMode, ReturnIndices = true }
        : new() { KernelSize = Volume!.KernelSize, Stride = Volume.Stride, Padding = Volume.Padding, Dilation = Volume.Dilation, CeilMode = Volume.CeilMode, ReturnIndices = true };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        if (Line is not null)
        {
            engine.MaxPool1dWithIndices(input, Line, output, indices!);
        }
        else
        {
            engine.MaxPool3dWithIndices(input, Volume!, output, indices!);
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Line is not null ? engine.MaxPool1d(input, Line) : engine.MaxPool3d(input, Volume!);

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
    {
        if (Line is not null)
        {
            var indices = engine.AllocateMaxPoolIndices(input.Shape, Line);
            engine.MaxPool1d(input, Line, output, indices);
            return indices;
        }
        else
        {
            var indices = engine.AllocateMaxPoolIndices(input.Shape, Volume!);
            engine.MaxPool3d(input, Volume!, output, indices);
            return indices;
        }
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form) =>
        MaxBackward(engine, input, gradOutput, gradInput, form, indices =>
        {
            if (Line is not null)
            {
                engine.MaxPool1dBackward(gradOutput, indices, Line, gradInput);
            }
            else
            {
                engine.MaxPool3dBackward(gradOutput, indices, Volume!, gradInput);
            }
        });
}
