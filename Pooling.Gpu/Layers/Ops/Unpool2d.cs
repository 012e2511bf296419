using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>max_unpool2d with its options, as its layer runs it: backward from the call's indices.</summary>
internal sealed class Unpool2d(MaxUnpool2dOptions options) : LayerOp(options.OutputShape)
{
    internal override void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream) =>
        engine.MaxUnpool2d(call.Input, call.IndexInput!, options, call.Output, stream);

    internal override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.MaxUnpool2dBackward(gradOutput, call.IndexInput!, options, gradInput, stream);
}
