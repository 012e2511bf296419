using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>A <see cref="CpuRun"/> as text: a line per workload while it runs, the console table, and the Markdown page.</summary>
internal static class CpuTables
{
    private static readonly string[] Headers =
        ["workload", "op", "window", "input", "MB", "ours ms", "PyTorch ms", "ORT ms", "copy ms", "PyTorch / ours", "ORT / ours", "ours % of copy", "rounds", "check"];

    /// <summary>One workload's figures in a line.</summary>
    internal static string Line(CpuRow r) => string.Join("  ", Cells(r));

    /// <summary>The console table.</summary>
    internal static Table Table(CpuRun run)
    {
        var table = new Table().AddColumns([.. Headers.Select((h, i) => i >= 4 && i < Headers.Length - 1 ? ConsoleOutput.Number(h) : ConsoleOutput.Text(h))]);
        foreach (var row in run.Rows)
        {
            table.AddCells(Cells(row));
        }

        return table;
    }

    /// <summary>The Markdown page: the setup, the table, the goals, the chart.</summary>
    internal static string Markdown(CpuRun run, string chartFile)
    {
        var m = run.Machine;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Pooling.Gpu on the CPU vs PyTorch and ONNX Runtime: {m.Cpu}, {run.Date[..10]}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- Machine: {m.Cpu}, {m.LogicalCores} logical cores, {m.Os}; {m.Dotnet}.\n");
        text.Append(CultureInfo.InvariantCulture, $"- Ours: {run.Engine}, made with `{run.EngineOptions}` (ILGPU {m.Ilgpu}).\n");
        text.Append(CultureInfo.InvariantCulture, $"- PyTorch {m.Torch} CPU, {m.TorchThreads} threads ({m.TorchParallel}); ");
        text.Append(m.OnnxRuntime is null ? $"ONNX Runtime absent ({run.OnnxRuntimeAbsence}).\n" : $"ONNX Runtime {m.OnnxRuntime} (CPU provider), {run.Threads} intra-op threads.\n");
        text.Append(CultureInfo.InvariantCulture, $"- Shapes: {(run.Scale == "tiny" ? "tiny (a pipeline check; the times mean nothing)" : "the canonical CPU table")}, fp32, NCHW, random input in [-1, 1).\n");
        text.Append(CultureInfo.InvariantCulture, $"- Times: per workload, {run.Rounds} rounds (fewer past {run.Budget} s, at least {CpuOptions.MinRounds}: the rounds column) that time every contender once each ");
        text.Append("(a sample of at least 5 ms: many calls for a small op), ");
        text.Append(CultureInfo.InvariantCulture, $"in a rotating order, after warm-up, each sample once the machine has settled (ONNX Runtime's threads spin for up to 90 ms after its calls) and after {Rounds.WarmUpMs} ms of untimed calls (the cores' speed ramps up after idle); the median of the rounds. ONNX Runtime has no adaptive pooling and no backward. ");
        text.Append("Backward rows read our 1-byte compact indices (what the layers keep), PyTorch's its int64 ones.\n");
        text.Append("- ratio = peer ms / our ms (above 1: ours is faster). copy = a copy of our compulsory bytes (values in and out, the indices written or read), ");
        text.Append(CultureInfo.InvariantCulture, $"half read and half written, over {run.Threads} threads: the ceiling of a memory-bound op.\n");
        text.Append("- check: our results of the timed calls against each peer's: max values bit for bit and indices exactly, averages and gradients within 1e-5 relative.\n");
        text.Append(run.LoadAverage is [var before, var after] ? $"- Load average (1 minute) {before} at the start, {after} at the end, on {m.LogicalCores} cores.\n" : "");
        text.Append(CultureInfo.InvariantCulture, $"- The run took {run.Seconds:F0} s: `dotnet run -c Release --project Pooling.Gpu.Bench -- {run.Command}`.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"![chart]({chartFile})\n\n");
        var table = new MarkdownTable(Headers);
        foreach (var row in run.Rows)
        {
            table.Add(Cells(row));
        }

        text.Append(table).Append('\n').Append(Summary(run)).Append('\n');
        foreach (var row in run.Rows)
        {
            foreach (string problem in row.Problems)
            {
                text.Append(CultureInfo.InvariantCulture, $"- MISMATCH {row.Workload} {row.Op}: {problem}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The CPU speed goals, each with the workloads that miss it.</summary>
    internal static string Summary(CpuRun run)
    {
        var text = new StringBuilder();
        var bandwidth = run.Rows.Where(r => r.Copy is not null).ToArray();
        var behind = bandwidth.Where(r => r.BestRatio < 1).ToArray();
        text.Append(CultureInfo.InvariantCulture, $"At least as fast as the faster peer: {bandwidth.Length - behind.Length} of {bandwidth.Length} workloads");
        text.Append(behind.Length == 0 ? ".\n" : $"; behind: {string.Join(", ", behind.Select(r => $"{r.Workload} {r.Op} ({Ratio(r.BestRatio)})"))}.\n");
        var max = bandwidth.Where(r => r.Op.StartsWith("max_pool2d", StringComparison.Ordinal) && !r.Op.Contains("backward", StringComparison.Ordinal)).ToArray();
        text.Append(CultureInfo.InvariantCulture, $"Max pooling forward at 60% of copy bandwidth or more: {max.Count(r => r.CopyPercent >= 60)} of {max.Length}");
        text.Append(CultureInfo.InvariantCulture, $" ({string.Join(", ", max.Select(r => $"{r.Workload} {r.Op} {r.CopyPercent:F0}%"))}).\n");
        foreach (var r in run.Rows.Where(r => r.Copy is null))
        {
            text.Append(CultureInfo.InvariantCulture, $"A {r.Workload} call ({string.Join('x', r.Input)}): ours {Microseconds(r.Ours.MedianMs)} (goal: under 5 us), ");
            text.Append(CultureInfo.InvariantCulture, $"PyTorch {Microseconds(r.Torch.MedianMs)}{(r.Onnx is { } o ? $", ONNX Runtime {Microseconds(o.MedianMs)}" : "")}.\n");
        }

        return text.ToString();
    }

    private static string[] Cells(CpuRow r) =>
    [
        r.Workload, r.Op, r.Params, string.Join('x', r.Input), Numbers.ThreeDigits(r.Bytes / 1e6), Numbers.ThreeDigits(r.Ours.MedianMs),
        Numbers.ThreeDigits(r.Torch.MedianMs), Numbers.ThreeDigits(r.Onnx?.MedianMs), Numbers.ThreeDigits(r.Copy?.MedianMs),
        Ratio(r.TorchRatio), r.OnnxRatio is { } o ? Ratio(o) : "-", r.CopyPercent is { } p ? $"{p:F1}%" : "-",
        r.Ours.Samples.ToString(CultureInfo.InvariantCulture), r.Problems.Count == 0 ? "ok" : "MISMATCH",
    ];

    private static string Ratio(double ratio) => $"{Numbers.ThreeDigits(ratio)}x";

    private static string Microseconds(double ms) => $"{Numbers.ThreeDigits(ms * 1e3)} us";
}
