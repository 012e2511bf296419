using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>max_pool1d, max_pool2d or max_pool3d with its options, as the max pooling layers run it.</summary>
internal sealed class WindowMax(IWindowOptions options) : MaxLayerOp(options.OutputShape)
{
    internal override MaxPoolIndices NewIndices(PoolingEngine engine, TensorShape input) => engine.MaxPoolIndicesFor(input, options);

    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.MaxPoolCompactInto(call.Input, options, call.Output, call.Indices!, stream);
}
