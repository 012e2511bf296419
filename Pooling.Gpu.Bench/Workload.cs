namespace Pooling.Gpu.Bench;

/// <summary>
/// One row of the demo: an op on an input shape. It pools into outputs allocated beforehand, so
/// that a timed call does nothing but pool.
/// </summary>
/// <param name="Id">A short name of the workload (stem, vgg, incep, gap, gmp, adapt).</param>
/// <param name="Op">The engine method called.</param>
/// <param name="Parameters">The op's parameters, in short.</param>
/// <param name="Input">Input shape.</param>
/// <param name="Output">Output shape.</param>
/// <param name="WritesIndices">True when the op also writes int64 indices of the output's shape.</param>
/// <param name="Pool">Runs the op synchronously: engine, input, output, indices (null unless <paramref name="WritesIndices"/>).</param>
internal sealed record Workload(
    string Id,
    string Op,
    string Parameters,
    TensorShape Input,
    TensorShape Output,
    bool WritesIndices,
    Action<PoolingEngine, DeviceTensor<float>, DeviceTensor<float>, DeviceTensor<long>?> Pool)
{
    /// <summary>The compulsory bytes: the input read once, the output (and indices) written once.</summary>
    internal long Bytes => (Input.Length * sizeof(float)) + (Output.Length * (sizeof(float) + (WritesIndices ? sizeof(long) : 0)));
}
