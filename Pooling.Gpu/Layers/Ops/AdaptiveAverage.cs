using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>adaptive_avg_pool1d, 2d or 3d to its output size, as the adaptive average pooling layers run it.</summary>
internal sealed class AdaptiveAverage(AdaptiveSize size) : LayerOp(size.OutputShape)
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) => engine.AdaptiveAvgInto(call.Input, size, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.AdaptiveAvgBackwardInto(gradOutput, gradInput, size.Op, size.SpatialRank, stream);
}
