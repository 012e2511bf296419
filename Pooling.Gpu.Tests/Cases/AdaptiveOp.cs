namespace Pooling.Gpu.Tests;

/// <summary>
/// adaptive_avg_pool1d/2d/3d or adaptive_max_pool1d/2d/3d to an output size, by the size's type:
/// a length (int), an <see cref="AdaptiveSize2"/> or an <see cref="AdaptiveSize3"/>, in which a
/// null keeps the input's size (PyTorch's None).
/// </summary>
public sealed record AdaptiveOp : RankedOp<int, AdaptiveSize2, AdaptiveSize3>
{
    private AdaptiveOp(bool max, object size)
        : base(size)
    {
        Max = max;
    }

    public bool Max { get; }

    /// <summary>The output size along D, H and W: (1, 1, L) in 1D, (1, H, W) in 2D.</summary>
    public AdaptiveSize3 OutputSize => Pick<AdaptiveSize3>(l => (1, 1, l), s => (1, s.Height, s.Width), s => s);

    public override string Name => $"adaptive_{(Max ? "max" : "avg")}_pool{SpatialRank}d ->{Options}";

    public override string TorchOp => Max
        ? Pick(_ => OracleOp.AdaptiveMaxPool1d, _ => OracleOp.AdaptiveMaxPool2d, _ => OracleOp.AdaptiveMaxPool3d)
        : Pick(_ => OracleOp.AdaptiveAvgPool1d, _ => OracleOp.AdaptiveAvgPool2d, _ => OracleOp.AdaptiveAvgPool3d);

    public override bool IsMax => Max;

    /// <summary>PyTorch 1.13 computes adaptive_max_pool1d through adaptive_max_pool2d, which rounds bfloat16 indices.</summary>
    public override bool TorchRoundsBFloat16Indices => Max && SpatialRank < 3;

    public static AdaptiveOp Of1d(bool max, int length) => new(max, length);

    public static AdaptiveOp Of2d(bool max, AdaptiveSize2 size) => new(max, size);

    public static AdaptiveOp Of3d(bool max, AdaptiveSize3 size) => new(max, size);

    /// <summary>The output's (D, H, W) for <paramref name="input"/>: a null size is the input's.</summary>
    public (long D, long H, long W) Output(TensorShape input) => (OutputSize.Depth ?? input.D, OutputSize.Height ?? input.H, OutputSize.Width ?? input.W);

    public override PoolWindows Windows(TensorShape input)
    {
        var (d, h, w) = Output(input);
        return ReferencePooling.Adaptive(input, d, h, w);
    }

    public override long WindowPositions(TensorShape input)
    {
        var (d, h, w) = Output(input);
        return MaxSpan(input.D, d) * MaxSpan(input.H, h) * MaxSpan(input.W, w);
    }

    public override OracleParams TorchParams() =>
        new() { OutputSize = Pick<OracleSize>(l => new[] { l }, s => s, s => s), ReturnIndices = Max ? true : null };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        if (Max)
        {
            Call(
                l => engine.AdaptiveMaxPool1dWithIndices(input, l, output, indices!),
                s => engine.AdaptiveMaxPool2dWithIndices(input, s, output, indices!),
                s => engine.AdaptiveMaxPool3dWithIndices(input, s, output, indices!));
        }
        else
        {
            Call(l => engine.AdaptiveAvgPool1d(input, l, output), s => engine.AdaptiveAvgPool2d(input, s, output), s => engine.AdaptiveAvgPool3d(input, s, output));
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) => Max
        ? Pick(l => engine.AdaptiveMaxPool1d(input, l), s => engine.AdaptiveMaxPool2d(input, s), s => engine.AdaptiveMaxPool3d(input, s))
        : Pick(l => engine.AdaptiveAvgPool1d(input, l), s => engine.AdaptiveAvgPool2d(input, s), s => engine.AdaptiveAvgPool3d(input, s));

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output) => Pick(
        l => Filled(engine.AllocateAdaptiveMaxPool1dIndices(input.Shape, l), indices => engine.AdaptiveMaxPool1d(input, l, output, indices)),
        s => Filled(engine.AllocateAdaptiveMaxPoolIndices(input.Shape, s), indices => engine.AdaptiveMaxPool2d(input, s, output, indices)),
        s => Filled(engine.AllocateAdaptiveMaxPool3dIndices(input.Shape, s), indices => engine.AdaptiveMaxPool3d(input, s, output, indices)));

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        if (Max)
        {
            MaxBackward(engine, input, gradOutput, gradInput, form, indices => Call(
                _ => engine.AdaptiveMaxPool1dBackward(gradOutput, indices, gradInput),
                _ => engine.AdaptiveMaxPool2dBackward(gradOutput, indices, gradInput),
                _ => engine.AdaptiveMaxPool3dBackward(gradOutput, indices, gradInput)));
        }
        else
        {
            Call(
                _ => engine.AdaptiveAvgPool1dBackward(gradOutput, gradInput),
                _ => engine.AdaptiveAvgPool2dBackward(gradOutput, gradInput),
                _ => engine.AdaptiveAvgPool3dBackward(gradOutput, gradInput));
        }
    }

    /// <summary>The widest adaptive window along an axis of <paramref name="size"/> pooled to <paramref name="outputs"/>.</summary>
    private static long MaxSpan(long size, long outputs) =>
        Enumerable.Range(0, (int)outputs).Max(i => (long)Math.Ceiling((double)(i + 1) * size / outputs) - (long)Math.Floor((double)i * size / outputs));
}
