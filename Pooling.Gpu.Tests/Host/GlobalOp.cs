namespace Pooling.Gpu.Tests;

/// <summary>global_avg_pool2d (x.mean((2, 3), keepdim=True)) or global_max_pool2d, through the engine's global entry points.</summary>
public sealed record GlobalOp(bool Max) : BreadthOp
{
    public override string Name => $"global_{(Max ? "max" : "avg")}_pool2d";

    public override string TorchOp => Max ? OracleOp.GlobalMaxPool2d : OracleOp.GlobalAvgPool2d;

    public override bool IsMax => Max;

    public override ReferenceResult Reference(float[] x, TensorShape input) =>
        Max ? ReferencePooling.Max(x, ReferencePooling.Global(input), input) : ReferencePooling.Average(x, ReferencePooling.Global(input), input);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input)
    {
        if (!Max)
        {
            return ReferencePooling.AverageBackward(g, ReferencePooling.Global(input), input);
        }

        var forward = Reference(x, input);
        return ReferencePooling.MaxBackward(g, forward.Indices, input, forward.Shape);
    }

    public override OracleParams TorchParams() => new() { ReturnIndices = Max ? true : null };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        if (Max)
        {
            engine.GlobalMaxPool2dWithIndices(input, output, indices!);
        }
        else
        {
            engine.GlobalAvgPool2d(input, output);
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Max ? engine.GlobalMaxPool2d(input) : engine.GlobalAvgPool2d(input);

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
    {
        var indices = engine.AllocateGlobalMaxPoolIndices(input.Shape);
        engine.GlobalMaxPool2d(input, output, indices);
        return indices;
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        if (Max)
        {
            MaxBackward(engine, input, gradOutput, gradInput, form, indices => engine.GlobalMaxPool2dBackward(gradOutput, indices, gradInput));
        }
        else
        {
            engine.GlobalAvgPool2dBackward(gradOutput, gradInput);
        }
    }
}
