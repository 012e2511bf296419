using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>lp_pool1d, lp_pool2d or lp_pool3d with its options, as the power-average pooling layers run it: backward from the call's input and output.</summary>
internal sealed class PowerAverage(ILpOptions options) : LayerOp(options.OutputShape)
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) => engine.LPPoolInto(call.Input, options, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.LPPoolBackwardInto(gradOutput, call.Input, call.Output, options, gradInput, stream);
}
