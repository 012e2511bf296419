using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// fractional_max_pool2d or fractional_max_pool3d with its options, as the fractional max pooling
/// layers run it: over the layer's samples, or over windows drawn from each call's seed; backward
/// from the call's PyTorch-form indices over the same windows.
/// </summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
/// <typeparam name="TRatio">The ratio type of the op's rank.</typeparam>
/// <param name="options">Kernel, output size or ratio; its seed is the first call's.</param>
/// <param name="samples">The layer's samples, a DeviceTensor of its element type; null: each call draws its own.</param>
internal sealed class Fractional<TSize, TRatio>(FractionalMaxPoolOptions<TSize, TRatio> options, object? samples) : FractionalLayerOp(options.OutputShape, options.Seed)
    where TSize : struct
    where TRatio : struct
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.FractionalWithIndicesInto(call.Input, OptionsOf(call), call.Output, call.TorchIndices!, (DeviceTensor<T>?)samples, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.FractionalBackwardInto(gradOutput, call.TorchIndices!, OptionsOf(call), gradInput, (DeviceTensor<T>?)samples, stream);

    /// <summary>The options with the call's seed, where it draws its windows.</summary>
    private FractionalMaxPoolOptions<TSize, TRatio> OptionsOf<T>(in SavedCall<T> call)
        where T : unmanaged => samples is null ? options with { Seed = call.Seed } : options;
}
