using ILGPU.Runtime;

namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// One op of the engine on one workload, as the benchmarks, the smoke job and compare run it.
/// <paramref name="Prepare"/> takes the case's buffers, does any setup (a backward case runs its
/// forward to get indices) and returns the call to time, which writes into those buffers and
/// allocates nothing. The call enqueues on the stream it is given, or runs and waits given null.
/// </summary>
/// <param name="Workload">The workload's id in performance.md (stem, vgg, incep, gap, adapt, tiny).</param>
/// <param name="Op">Our op, with the index form it writes or reads: <c>max_pool2d+compact</c>, <c>max_pool2d_backward+int64</c>.</param>
/// <param name="Peer">What PyTorch runs for the same work.</param>
/// <param name="Input">The input shape (of the forward op, for a backward case).</param>
/// <param name="Output">The pooled shape.</param>
/// <param name="Prepare">Setup; returns the call to time.</param>
/// <param name="DType">The element type of the values.</param>
internal sealed record BenchCase(
    string Workload,
    string Op,
    TorchPeer Peer,
    TensorShape Input,
    TensorShape Output,
    Func<CaseBuffers, Action<AcceleratorStream?>> Prepare,
    string DType = "fp32")
{
    /// <summary>The name a benchmark filter matches: <c>workload/op</c>.</summary>
    internal string Id => $"{Workload}/{Op}";

    public override string ToString() => Id;
}
