using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>avg_pool1d, avg_pool2d or avg_pool3d with its options, as the average pooling layers run it.</summary>
internal sealed class WindowAverage(IAverageOptions options) : LayerOp(options.OutputShape)
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) => engine.AvgPoolInto(call.Input, options, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.AvgPoolBackwardInto(gradOutput, options, gradInput, stream);
}
