using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>max_pool1d, max_pool2d or max_pool3d with its options, as the max pooling layers run it.</summary>
internal sealed class WindowMax(IWindowOptions options) : IMaxLayerOp
{
    TensorShape ILayerOp.OutputShape(TensorShape input) => options.OutputShape(input);

    MaxPoolIndices IMaxLayerOp.NewIndices(PoolingEngine engine, TensorShape input) => engine.MaxPoolIndicesFor(input, options);

    void ILayerOp.Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.MaxPoolCompactInto(call.Input, options, call.Output, call.Indices!, stream);
}
