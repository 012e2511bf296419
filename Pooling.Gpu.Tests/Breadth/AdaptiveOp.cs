namespace Pooling.Gpu.Tests;

/// <summary>adaptive_avg_pool1d/3d or adaptive_max_pool1d/3d to an output size (1D: the length, as Size3 (1, 1, L)); the max ones also serve the integer suite (<see cref="IMaxOp"/>).</summary>
public sealed record AdaptiveOp(bool Max, int SpatialRank, Size3 OutputSize) : BreadthOp, IMaxOp
{
    public override string Name => $"adaptive_{(Max ? "max" : "avg")}_pool{SpatialRank}d ->{(SpatialRank == 1 ? $"{OutputSize.Width}" : $"{OutputSize}")}";

    public override string TorchOp => (Max, SpatialRank) switch
    {
        (true, 1) => OracleOp.AdaptiveMaxPool1d,
        (true, _) => OracleOp.AdaptiveMaxPool3d,
        (false, 1) => OracleOp.AdaptiveAvgPool1d,
        _ => OracleOp.AdaptiveAvgPool3d,
    };

    public override bool IsMax => Max;

    public static AdaptiveOp Of1d(bool max, int length) => new(max, 1, (1, 1, length));

    public static AdaptiveOp Of3d(bool max, Size3 size) => new(max, 3, size);

    public PoolWindows Windows(TensorShape input) => ReferencePooling.Adaptive(input, OutputSize.Depth, OutputSize.Height, OutputSize.Width);

    public override ReferenceResult Reference(float[] x, TensorShape input) =>
        Max ? ReferencePooling.Max(x, Windows(input), input) : ReferencePooling.Average(x, Windows(input), input);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input)
    {
        if (!Max)
        {
            return ReferencePooling.AverageBackward(g, Windows(input), input);
        }

        var forward = Reference(x, input);
        return ReferencePooling.MaxBackward(g, forward.Indices, input, forward.Shape);
    }

    public override OracleParams TorchParams() =>
        new() { OutputSize = SpatialRank == 1 ? new[] { OutputSize.Width } : OutputSize, ReturnIndices = Max ? true : null };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        switch (Max, SpatialRank)
        {
            case (true, 1):
                engine.AdaptiveMaxPool1dWithIndices(input, OutputSize.Width, output, indices!);
                break;
            case (true, _):
                engine.AdaptiveMaxPool3dWithIndices(input, OutputSize, output, indices!);
                break;
            case (false, 1):
                engine.AdaptiveAvgPool1d(input, OutputSize.Width, output);
                break;
            default:
                engine.AdaptiveAvgPool3d(input, OutputSize, output);
                break;
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) => (Max, SpatialRank) switch
    {
        (true, 1) => engine.AdaptiveMaxPool1d(input, OutputSize.Width),
        (true, _) => engine.AdaptiveMaxPool3d(input, OutputSize),
        (false, 1) => engine.AdaptiveAvgPool1d(input, OutputSize.Width),
        _ => engine.AdaptiveAvgPool3d(input, OutputSize),
    };

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
    {
        if (SpatialRank == 1)
        {
            var indices = engine.AllocateAdaptiveMaxPool1dIndices(input.Shape, OutputSize.Width);
            engine.AdaptiveMaxPool1d(input, OutputSize.Width, output, indices);
            return indices;
        }
        else
        {
            var indices = engine.AllocateAdaptiveMaxPool3dIndices(input.Shape, OutputSize);
            engine.AdaptiveMaxPool3d(input, OutputSize, output, indices);
            return indices;
        }
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        if (Max)
        {
            MaxBackward(engine, input, gradOutput, gradInput, form, indices =>
            {
                if (SpatialRank == 1)
                {
                    engine.AdaptiveMaxPool1dBackward(gradOutput, indices, gradInput);
                }
                else
                {
                    engine.AdaptiveMaxPool3dBackward(gradOutput, indices, gradInput);
                }
            });
        }
        else if (SpatialRank == 1)
        {
            engine.AdaptiveAvgPool1dBackward(gradOutput, gradInput);
        }
        else
        {
            engine.AdaptiveAvgPool3dBackward(gradOutput, gradInput);
        }
    }
}
