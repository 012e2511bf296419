namespace Pooling.Gpu.Tests;

/// <summary>
/// adaptive_avg_pool1d/3d or adaptive_max_pool1d/3d to an output size (1D: the length, as (1, 1, L));
/// in 3D a null size keeps the input's (PyTorch's None). The max ones also serve the integer suite (<see cref="IMaxOp"/>).
/// </summary>
public sealed record AdaptiveOp(bool Max, int SpatialRank, AdaptiveSize3 OutputSize) : BreadthOp, IMaxOp
{
    public override string Name => $"adaptive_{(Max ? "max" : "avg")}_pool{SpatialRank}d ->{(SpatialRank == 1 ? $"{Length}" : $"{OutputSize}")}";

    public override string TorchOp => (Max, SpatialRank) switch
    {
        (true, 1) => OracleOp.AdaptiveMaxPool1d,
        (true, _) => OracleOp.AdaptiveMaxPool3d,
        (false, 1) => OracleOp.AdaptiveAvgPool1d,
        _ => OracleOp.AdaptiveAvgPool3d,
    };

    public override bool IsMax => Max;

    public static AdaptiveOp Of1d(bool max, int length) => new(max, 1, (1, 1, length));

    public static AdaptiveOp Of3d(bool max, AdaptiveSize3 size) => new(max, 3, size);

    /// <summary>The output's length (1D), the value the 1D calls take.</summary>
    public int Length => OutputSize.Width!.Value;

    /// <summary>The output's (D, H, W) for <paramref name="input"/>: a null size is the input's.</summary>
    public (long D, long H, long W) Output(TensorShape input) => (OutputSize.Depth ?? input.D, OutputSize.Height ?? input.H, OutputSize.Width ?? input.W);

    public PoolWindows Windows(TensorShape input)
    {
        var (d, h, w) = Output(input);
        return ReferencePooling.Adaptive(input, d, h, w);
    }

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
        new() { OutputSize = SpatialRank == 1 ? new[] { Length } : OutputSize, ReturnIndices = Max ? true : null };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        switch (Max, SpatialRank)
        {
            case (true, 1):
                engine.AdaptiveMaxPool1dWithIndices(input, Length, output, indices!);
                break;
            case (true, _):
                engine.AdaptiveMaxPool3dWithIndices(input, OutputSize, output, indices!);
                break;
            case (false, 1):
                engine.AdaptiveAvgPool1d(input, Length, output);
                break;
            default:
                engine.AdaptiveAvgPool3d(input, OutputSize, output);
                break;
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) => (Max, SpatialRank) switch
    {
        (true, 1) => engine.AdaptiveMaxPool1d(input, Length),
        (true, _) => engine.AdaptiveMaxPool3d(input, OutputSize),
        (false, 1) => engine.AdaptiveAvgPool1d(input, Length),
        _ => engine.AdaptiveAvgPool3d(input, OutputSize),
    };

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
    {
        if (SpatialRank == 1)
        {
            var indices = engine.AllocateAdaptiveMaxPool1dIndices(input.Shape, Length);
            engine.AdaptiveMaxPool1d(input, Length, output, indices);
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
