using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench.Compare;

/// <summary>
/// The JSON files of the GPU comparison. compare writes plan.json (what PyTorch must time),
/// ours.json (our timings) and check.json (inputs and our results for the correctness check);
/// bench/gpu/torch_bench.py writes torch.json; report reads ours.json and torch.json.
/// Names are snake_case, as Python writes them.
/// </summary>
internal static class CompareFiles
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        RespectNullableAnnotations = true,

        // Keys such as "max_pool2d+indices" stay readable ('+' is not HTML here).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static void Write<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");

    internal static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no JSON value.");
}

/// <summary>plan.json: PyTorch's side of the comparison, one peer per (workload, key), timed in each dtype.</summary>
internal sealed record Plan(string Scale, int Warmups, int Runs, IReadOnlyList<string> Dtypes, IReadOnlyList<PlanPeer> Peers, PlanOverhead Overhead);

/// <summary>One op PyTorch times: <paramref name="Peer"/> on a random input of shape <paramref name="Input"/>.</summary>
internal sealed record PlanPeer(string Workload, string Key, long[] Input, TorchPeer Peer);

/// <summary>The op whose per-call host overhead PyTorch measures, and how many calls.</summary>
internal sealed record PlanOverhead(string Workload, string Key, int Calls);

/// <summary>ours.json: our kernels timed with the GPU's clock.</summary>
internal sealed record OurRun(
    string Date,
    string Scale,
    DeviceInfo Device,
    string Selection,
    string IlgpuVersion,
    string IlgpuOptimization,
    string DotnetVersion,
    int Warmups,
    int Runs,
    IReadOnlyList<OurRow> Rows,
    HostOverhead Overhead);

/// <summary>The device as ILGPU (and nvidia-smi, where present) reports it.</summary>
internal sealed record DeviceInfo(
    string Name,
    string Accelerator,
    string? Driver,
    string? CudaDriverApi,
    string? CudaArchitecture,
    string? PtxIsa,
    int Multiprocessors,
    long MemoryBytes);

/// <summary>One case: the median, min and max of its timed calls, its bytes and the copy of as many bytes.</summary>
internal sealed record OurRow(
    string Workload,
    string Op,
    string Dtype,
    string Peer,
    long[] Input,
    long[] Output,
    long Bytes,
    double MedianMs,
    double MinMs,
    double MaxMs,
    double CopyMs)
{
    /// <summary>Compulsory bytes over the median time.</summary>
    public double Gbps => Bytes / (MedianMs * 1e6);

    /// <summary>A device-to-device copy moving the same bytes (half read, half written), over its median time.</summary>
    public double CopyGbps => Bytes / (CopyMs * 1e6);
}

/// <summary>Host time per call: of synchronous calls, and of calls enqueued then synchronized once.</summary>
internal sealed record HostOverhead(string Workload, string Op, int Calls, double SyncUs, double EnqueuedUs);

/// <summary>check.json: small seeded inputs and every result we wrote for them.</summary>
internal sealed record CheckFile(string Device, IReadOnlyList<CheckCase> Cases);

/// <summary>
/// One check: the peer to run in its dtype, the input (with unpooling's indices, and the output's
/// gradient for backward), and our results. Arrays are base64 of little-endian float32 (int64 for
/// indices), as the oracle's; fp16 values are float32 numbers that fp16 holds exactly.
/// </summary>
internal sealed record CheckCase(
    string Id,
    int Seed,
    TorchPeer Peer,
    string Dtype,
    long[] Shape,
    string Input,
    string? IndexInput,
    string? GradOutput,
    long[] OutputShape,
    string? Output,
    string? Indices,
    string? GradInput);
