using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>Global max pooling, as its layer runs it: the engine's plane reductions.</summary>
internal sealed class GlobalMax() : MaxLayerOp(input => PoolingRules.AdaptiveOutputShape(input, 1, "adaptive_max_pool2d"))
{
    internal override MaxPoolIndices NewIndices(PoolingEngine engine, TensorShape input) => engine.AllocateGlobalMaxPoolIndices(input);

    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.GlobalMaxPool2d(call.Input, call.Output, call.Indices!, stream);
}
