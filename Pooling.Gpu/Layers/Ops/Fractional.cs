using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// fractional_max_pool2d or fractional_max_pool3d with its options, as the fractional max pooling
/// layers run it: over the layer's samples, or over windows drawn from each call's seed; backward
/// from the call's PyTorch-form indices over the same windows.
/// </summary>
/// <param name="options">Kernel, output size or ratio.</param>
/// <param name="samples">The layer's samples, a DeviceTensor of its element type; null: each call draws its own windows.</param>
internal sealed class Fractional(IFractionalOptions options, object? samples) : FractionalLayerOp(options.OutputShape, options.Seed)
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.FractionalWithIndicesInto(call.Input, options, call.Output, call.TorchIndices!, (DeviceTensor<T>?)samples, stream, call.Seed);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.FractionalBackwardInto(gradOutput, call.TorchIndices!, options, gradInput, (DeviceTensor<T>?)samples, stream, call.Seed);
}
