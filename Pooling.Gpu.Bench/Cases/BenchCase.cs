using ILGPU.Runtime;

namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// One op of the engine on one workload in one element type, as the benchmarks, the smoke job and
/// compare run it. <see cref="Buffers"/> makes the case's buffers; <see cref="Prepare"/> takes them,
/// does any setup (a backward case runs its forward to get indices) and returns the call to time,
/// which writes into those buffers and allocates nothing. The call enqueues on the stream it is
/// given, or runs and waits given null.
/// </summary>
/// <param name="Workload">The workload's id (the canonical stem, vgg, incep, gap, adapt, tiny; video, audio, segnet, l2).</param>
/// <param name="Op">Our op, with the index form it writes or reads: <c>max_pool2d+compact</c>, <c>max_pool2d_backward+int64</c>.</param>
/// <param name="Peer">What PyTorch runs for the same work.</param>
/// <param name="Input">The input shape (of the forward op, for a backward case).</param>
/// <param name="Output">The pooled shape (unpooled, for unpooling).</param>
/// <param name="ValuePasses">How often the timed call moves the values in and out: 2 where a backward also reads its forward's input and output.</param>
internal abstract record BenchCase(string Workload, string Op, TorchPeer Peer, TensorShape Input, TensorShape Output, int ValuePasses = 1)
{
    /// <summary>The element type: fp32 or fp16.</summary>
    internal abstract string DType { get; }

    /// <summary>The name a benchmark filter matches: <c>workload/op</c>, and <c>/fp16</c> after it for fp16.</summary>
    internal string Id => DType == "fp32" ? $"{Workload}/{Op}" : $"{Workload}/{Op}/{DType}";

    /// <summary>The case's buffers, with an input from <paramref name="seed"/>.</summary>
    internal abstract CaseBuffers Buffers(PoolingEngine engine, int seed);

    /// <summary>Setup; returns the call to time.</summary>
    internal abstract Action<AcceleratorStream?> Prepare(CaseBuffers buffers);

    public sealed override string ToString() => Id;
}

/// <summary>A case in element type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">float or ILGPU.Half.</typeparam>
internal sealed record BenchCase<T>(
    string Workload, string Op, TorchPeer Peer, TensorShape Input, TensorShape Output, Func<CaseBuffers<T>, Action<AcceleratorStream?>> Setup, int ValuePasses = 1)
    : BenchCase(Workload, Op, Peer, Input, Output, ValuePasses)
    where T : unmanaged
{
    internal override string DType => BenchElement<T>.DType;

    internal override CaseBuffers Buffers(PoolingEngine engine, int seed) => new CaseBuffers<T>(engine, this, seed);

    internal override Action<AcceleratorStream?> Prepare(CaseBuffers buffers) => Setup((CaseBuffers<T>)buffers);
}
