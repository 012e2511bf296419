namespace Pooling.Gpu.Tests;

/// <summary>
/// Output buffers are filled with these before every call, so that an element the op forgot to
/// write cannot pass for a right answer.
/// </summary>
public static class Poison
{
    public const float Value = -7777.25f;

    public const long Index = 0x5EADBEEF;

    public static DeviceTensor<float> Values(PoolingEngine engine, TensorShape shape) =>
        engine.Upload<float>(Enumerable.Repeat(Value, checked((int)shape.Length)).ToArray(), shape);

    public static DeviceTensor<long> Indices(PoolingEngine engine, TensorShape shape) =>
        engine.Upload<long>(Enumerable.Repeat(Index, checked((int)shape.Length)).ToArray(), shape);
}
