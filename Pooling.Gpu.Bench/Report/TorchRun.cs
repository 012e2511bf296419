using Pooling.Gpu.Bench.Compare;

namespace Pooling.Gpu.Bench.Report;

/// <summary>torch.json, as bench/gpu/torch_bench.py writes it.</summary>
internal sealed record TorchRun(
    string Date,
    string TorchVersion,
    string? CudaVersion,
    string Device,
    string DeviceName,
    string Scale,
    int Warmups,
    int Runs,
    IReadOnlyList<TorchRow> Rows,
    HostOverhead Overhead,
    CheckSummary? Check);

/// <summary>One PyTorch peer in one dtype: its timing, or the error that stopped it.</summary>
internal sealed record TorchRow(
    string Workload,
    string Peer,
    string Dtype,
    long[] Input,
    long? Bytes,
    double? MedianMs,
    double? MinMs,
    double? Gbps,
    double? CopyMs,
    double? CopyGbps,
    string? Error);

/// <summary>How many of compare's check cases agree with PyTorch, and what differed.</summary>
internal sealed record CheckSummary(int Cases, int Passed, int Failed, IReadOnlyList<string> Failures);
