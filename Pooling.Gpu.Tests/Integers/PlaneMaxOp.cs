namespace Pooling.Gpu.Tests;

/// <summary>max_pool2d (with <paramref name="Window"/>), adaptive_max_pool2d (to <paramref name="OutputSize"/>), or global max pooling (neither).</summary>
public sealed record PlaneMaxOp(MaxPool2dOptions? Window = null, Size2? OutputSize = null) : IMaxOp
{
    public string Name => (Window, OutputSize) switch
    {
        ({ } w, _) => $"max_pool2d k{w.KernelSize} s{w.Stride} p{w.Padding} d{w.Dilation}{(w.CeilMode ? " ceil" : "")}",
        (_, { } o) => $"adaptive_max_pool2d ->{o}",
        _ => "global_max_pool2d",
    };

    public string TorchOp => Window is not null ? OracleOp.MaxPool2d : OutputSize is not null ? OracleOp.AdaptiveMaxPool2d : OracleOp.GlobalMaxPool2d;

    public OracleParams TorchParams() => (Window, OutputSize) switch
    {
        ({ } w, _) => OracleParams.MaxPool(w, returnIndices: true),
        (_, { } o) => new() { OutputSize = o, ReturnIndices = true },
        _ => new() { ReturnIndices = true },
    };

    public PoolWindows Windows(TensorShape input) => (Window, OutputSize) switch
    {
        ({ } w, _) => ReferencePooling.MaxPool2d(input, w.KernelSize, w.Stride, w.Padding, w.Dilation, w.CeilMode),
        (_, { } o) => ReferencePooling.Adaptive(input, o.Height, o.Width),
        _ => ReferencePooling.Global(input),
    };

    public void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
        where T : unmanaged
    {
        switch (Window, OutputSize)
        {
            case ({ } w, _):
                engine.MaxPool2dWithIndices(input, w, output, indices!);
                break;
            case (_, { } o):
                engine.AdaptiveMaxPool2dWithIndices(input, o, output, indices!);
                break;
            default:
                engine.GlobalMaxPool2dWithIndices(input, output, indices!);
                break;
        }
    }

    public DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
        where T : unmanaged => (Window, OutputSize) switch
        {
            ({ } w, _) => engine.MaxPool2d(input, w),
            (_, { } o) => engine.AdaptiveMaxPool2d(input, o),
            _ => engine.GlobalMaxPool2d(input),
        };

    public MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
        where T : unmanaged
    {
        switch (Window, OutputSize)
        {
            case ({ } w, _):
            {
                var indices = engine.AllocateMaxPoolIndices(input.Shape, w);
                engine.MaxPool2d(input, w, output, indices);
                return indices;
            }

            case (_, { } o):
            {
                var indices = engine.AllocateAdaptiveMaxPoolIndices(input.Shape, o);
                engine.AdaptiveMaxPool2d(input, o, output, indices);
                return indices;
            }

            default:
            {
                var indices = engine.AllocateGlobalMaxPoolIndices(input.Shape);
                engine.GlobalMaxPool2d(input, output, indices);
                return indices;
            }
        }
    }

    public override string ToString() => Name;
}
