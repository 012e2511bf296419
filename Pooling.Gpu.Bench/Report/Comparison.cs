using Pooling.Gpu.Bench.Compare;

namespace Pooling.Gpu.Bench.Report;

/// <summary>The merged result of one GPU run: what bench/results/&lt;date&gt;-&lt;gpu&gt;.json holds.</summary>
internal sealed record Comparison(
    string Date,
    DeviceInfo Device,
    string Selection,
    string IlgpuVersion,
    string IlgpuOptimization,
    string DotnetVersion,
    string TorchVersion,
    string? CudaVersion,
    string TorchDevice,
    string Scale,
    int Runs,
    IReadOnlyList<ComparisonRow> Rows,
    HostOverhead OurOverhead,
    HostOverhead TorchOverhead,
    CheckSummary? Check)
{
    /// <summary>Ours and PyTorch's rows joined on (workload, peer, dtype); PyTorch's rows without ours (fp16) follow.</summary>
    internal static Comparison Of(OurRun ours, TorchRun torch)
    {
        var peers = torch.Rows.ToDictionary(r => (r.Workload, r.Peer, r.Dtype));
        var rows = ours.Rows.Select(o => Row(o, peers.GetValueOrDefault((o.Workload, o.Peer, o.Dtype)))).ToList();
        var joined = ours.Rows.Select(o => (o.Workload, o.Peer, o.Dtype)).ToHashSet();
        rows.AddRange(torch.Rows.Where(t => !joined.Contains((t.Workload, t.Peer, t.Dtype))).Select(t => Row(null, t)));
        return new Comparison(
            ours.Date, ours.Device, ours.Selection, ours.IlgpuVersion, ours.IlgpuOptimization, ours.DotnetVersion, torch.TorchVersion, torch.CudaVersion, torch.DeviceName,
            ours.Scale, ours.Runs, rows, ours.Overhead, torch.Overhead, torch.Check);
    }

    private static ComparisonRow Row(OurRow? ours, TorchRow? torch) => new(
        ours?.Op ?? torch!.Peer,
        ours?.Workload ?? torch!.Workload,
        ours?.Dtype ?? torch!.Dtype,
        ours?.Peer ?? torch!.Peer,
        ours?.MedianMs,
        torch?.MedianMs,
        ours is not null && torch?.MedianMs is { } torchMs ? torchMs / ours.MedianMs : null,
        ours?.Bytes,
        ours?.Gbps,
        ours is null ? null : 100 * ours.CopyMs / ours.MedianMs,
        torch?.Bytes,
        torch?.Gbps,
        torch is { CopyMs: { } copy, MedianMs: { } median } ? 100 * copy / median : null,
        torch?.Error);
}

/// <summary>
/// One op on one workload and dtype. Speedup is PyTorch's time over ours (above 1: ours is faster);
/// "% of copy" is the share of the copy bandwidth reached on each side's own compulsory bytes.
/// </summary>
internal sealed record ComparisonRow(
    string Op,
    string Workload,
    string Dtype,
    string Peer,
    double? OurMs,
    double? TorchMs,
    double? Speedup,
    long? OurBytes,
    double? OurGbps,
    double? OurCopyPercent,
    long? TorchBytes,
    double? TorchGbps,
    double? TorchCopyPercent,
    string? TorchError);
