using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>max_unpool1d, max_unpool2d or max_unpool3d with its options, as the max unpooling layers run it: backward from the call's indices.</summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
internal sealed class Unpool<TSize>(MaxUnpoolOptions<TSize> options) : LayerOp(options.OutputShape)
    where TSize : struct
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.UnpoolInto(call.Input, call.TorchIndices!, options, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.UnpoolBackwardInto(gradOutput, call.TorchIndices!, options, gradInput, stream);
}
