using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>adaptive_max_pool1d, 2d or 3d to its output size, as the adaptive max pooling layers run it.</summary>
internal sealed class AdaptiveMax(AdaptiveSize size) : MaxLayerOp(size.OutputShape)
{
    internal override MaxPoolIndices NewIndices(PoolingEngine engine, TensorShape input) => engine.AdaptiveIndicesFor(input, size);

    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.AdaptiveMaxCompactInto(call.Input, size, call.Output, call.Indices!, stream);
}
