using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>Global average pooling, as its layer runs it: the engine's plane reductions.</summary>
internal sealed class GlobalAverage() : LayerOp(input => PoolingRules.AdaptiveOutputShape(input, 1, "adaptive_avg_pool2d"))
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) => engine.GlobalAvgPool2d(call.Input, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.GlobalAvgPool2dBackward(gradOutput, gradInput, stream);
}
