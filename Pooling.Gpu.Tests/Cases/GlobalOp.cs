namespace Pooling.Gpu.Tests;

/// <summary>
/// Global max or average pooling of each (H, W) plane to 1 x 1, the library's own 2D ops: PyTorch's
/// adaptive_max_pool2d to 1 and its mean over (H, W).
/// </summary>
public sealed record GlobalOp(bool Max) : PoolOp
{
    public override string Name => Max ? "global_max_pool2d" : "global_avg_pool2d";

    public override string TorchOp => Max ? OracleOp.GlobalMaxPool2d : OracleOp.GlobalAvgPool2d;

    public override bool IsMax => Max;

    /// <summary>PyTorch takes the maximum through adaptive_max_pool2d, which rounds bfloat16 indices.</summary>
    public override bool TorchRoundsBFloat16Indices => Max;

    /// <summary>An average's two layouts add a plane in different orders (a warp or group tree, a thread's loop).</summary>
    public override bool LayoutsGiveTheSameBits => Max;

    public override PoolWindows Windows(TensorShape input) => ReferencePooling.Global(input);

    public override long WindowPositions(TensorShape input) => input.PlaneLength;

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

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) => Max ? engine.GlobalMaxPool2d(input) : engine.GlobalAvgPool2d(input);

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output) =>
        Filled(engine.AllocateGlobalMaxPoolIndices(input.Shape), indices => engine.GlobalMaxPool2d(input, output, indices));

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
