namespace Pooling.Gpu.Bench.Cpu;

/// <summary>What bench/results/cpu/&lt;date&gt;-&lt;machine&gt;.json holds: one run of the <c>cpu</c> command.</summary>
/// <param name="Date">When it ended (UTC).</param>
/// <param name="Command">The bench command and its options.</param>
/// <param name="Machine">The machine and the versions.</param>
/// <param name="Engine">The engine measured, as it describes itself (device and why it was chosen).</param>
/// <param name="EngineOptions">The options it was made with.</param>
/// <param name="Threads">The threads PyTorch, ONNX Runtime and the copy ran with.</param>
/// <param name="Rounds">Samples per contender, interleaved.</param>
/// <param name="Budget">Seconds per workload past which its rounds stopped early (each row's timings count the samples taken).</param>
/// <param name="Scale">"cpu" (the canonical CPU sizes) or "tiny".</param>
/// <param name="OnnxRuntimeAbsence">Why ONNX Runtime did not run, where it did not.</param>
/// <param name="LoadAverage">The machine's 1-minute load average at the start and at the end (/proc/loadavg), where known: other work on a small machine skews every figure.</param>
/// <param name="Rows">One per workload.</param>
/// <param name="Seconds">How long the run took.</param>
internal sealed record CpuRun(
    string Date,
    string Command,
    CpuMachine Machine,
    string Engine,
    string EngineOptions,
    int Threads,
    int Rounds,
    int Budget,
    string Scale,
    string? OnnxRuntimeAbsence,
    double[]? LoadAverage,
    IReadOnlyList<CpuRow> Rows,
    double Seconds);

/// <summary>The machine and the versions of everything timed.</summary>
internal sealed record CpuMachine(string Cpu, int LogicalCores, string Os, string Dotnet, string Ilgpu, string Torch, int TorchThreads, string TorchParallel, string? OnnxRuntime);

/// <summary>
/// One workload: our time and each peer's (median of the rounds), a copy of our compulsory bytes,
/// and the problems the check found (none: ours agree with every peer that ran).
/// </summary>
internal sealed record CpuRow(
    string Workload,
    string Op,
    string Params,
    long[] Input,
    long[] Output,
    long Bytes,
    CpuTiming Ours,
    CpuTiming Torch,
    CpuTiming? Onnx,
    CpuTiming? Copy,
    IReadOnlyList<string> Problems)
{
    /// <summary>PyTorch's time over ours: above 1, ours is faster.</summary>
    public double TorchRatio => Torch.MedianMs / Ours.MedianMs;

    /// <summary>ONNX Runtime's time over ours, where it has the op.</summary>
    public double? OnnxRatio => Onnx?.MedianMs / Ours.MedianMs;

    /// <summary>The faster peer's time over ours: the goal is at least 1.</summary>
    public double BestRatio => Math.Min(Torch.MedianMs, Onnx?.MedianMs ?? double.PositiveInfinity) / Ours.MedianMs;

    /// <summary>Our share of the copy bandwidth on our compulsory bytes.</summary>
    public double? CopyPercent => 100 * Copy?.MedianMs / Ours.MedianMs;
}
