using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pooling.Gpu.Bench.Compare;
using Pooling.Gpu.Bench.Report;

using Spectre.Console;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// The <c>cpu</c> command: the engine's default CPU path against PyTorch's CPU kernels and ONNX
/// Runtime (where it has the op) on the canonical CPU workloads, with a copy of the same bytes
/// as the ceiling, in one process on this machine. Per workload it times every contender in
/// interleaved rounds (<see cref="Rounds"/>), then checks our results of the timed calls against
/// each peer's (<see cref="ResultCheck"/>). It prints a table of medians and ratios, writes
/// &lt;date&gt;-&lt;machine&gt;.json, .md and .png, and exits with 1 when a check failed.
/// </summary>
internal static partial class CpuCommand
{
    internal static int Run(CpuOptions options)
    {
        var clock = Stopwatch.StartNew();
        double? loadBefore = LoadAverage();
        var engineOptions = new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu };
        using var engine = new PoolingEngine(engineOptions);
        var exchange = Directory.CreateTempSubdirectory("pooling-gpu-cpu-");
        try
        {
            using var torch = TorchCpu.Start(options.Threads, exchange.FullName);
            string? onnxVersion = OnnxPeer.Version(out string? onnxAbsence);
            var machine = new CpuMachine(
                CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription,
                typeof(ILGPU.Context).Assembly.GetName().Version?.ToString(3) ?? "unknown", torch.Version, torch.Threads, torch.Parallel, onnxVersion);
            var workloads = CpuWorkloads.All(options.Tiny);
            Console.WriteLine($"cpu: {workloads.Count} workloads ({(options.Tiny ? "tiny" : "the canonical CPU sizes")}), fp32, NCHW, on {machine.Cpu} ({machine.LogicalCores} logical cores)");
            Console.WriteLine($"Ours:         {engine} with {engineOptions}");
            Console.WriteLine($"PyTorch:      {torch.Version}, {torch.Threads} threads ({torch.Parallel})");
            Console.WriteLine($"ONNX Runtime: {(onnxVersion is null ? $"absent ({onnxAbsence})" : $"{onnxVersion}, {options.Threads} intra-op threads")}");
            Console.WriteLine($"Load:         {loadBefore?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} (1-minute load average; other work on the machine skews every figure)");
            Console.WriteLine($"Timing:       {options.Rounds} interleaved rounds after warm-up (fewer past {options.Seconds} s on a workload, at least {CpuOptions.MinRounds}), medians; ratio = peer ms / our ms (above 1: ours is faster); copy = {options.Threads} threads copying our compulsory bytes.");
            Console.WriteLine();

            var rows = new List<CpuRow>();
            foreach (var workload in workloads)
            {
                var row = Measure(engine, torch, workload, options, onnxVersion is not null);
                rows.Add(row);
                Console.WriteLine(CpuTables.Line(row));
                foreach (string problem in row.Problems)
                {
                    Console.Error.WriteLine($"MISMATCH {row.Workload} {row.Op}: {problem}");
                }
            }

            var run = new CpuRun(
                DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), options.CommandLine, machine, engine.ToString(), engineOptions.ToString(),
                options.Threads, options.Rounds, options.Seconds, options.Tiny ? "tiny" : "cpu", onnxAbsence,
                loadBefore is { } before && LoadAverage() is { } after ? [before, after] : null, rows, Math.Round(clock.Elapsed.TotalSeconds, 1));
            Console.WriteLine();
            AnsiConsole.Write(CpuTables.Table(run));
            Console.Write(CpuTables.Summary(run) + "\n");
            Write(run, options);
            int failed = rows.Count(r => r.Problems.Count > 0);
            if (failed > 0)
            {
                Console.Error.WriteLine($"MISMATCH: {failed} of {rows.Count} workloads disagree with a peer (listed above); their times measure a wrong result.");
                return 1;
            }

            return 0;
        }
        finally
        {
            exchange.Delete(recursive: true);
        }
    }

    private static CpuRow Measure(PoolingEngine engine, TorchCpu torch, CpuWorkload workload, CpuOptions options, bool onnxPresent)
    {
        var benchCase = workload.Case;
        string key = benchCase.Id;
        using var buffers = benchCase.Buffers(engine, seed: 1);
        var call = benchCase.Prepare(buffers);

        // The first call allocates the buffers it writes lazily, which the compulsory bytes count.
        call(null);
        torch.Setup(key, benchCase, buffers.HostInput, buffers.HostGradOutput);
        using var onnx = onnxPresent && OnnxNode.For(benchCase.Peer) is { } node
            ? new OnnxPeer(node, benchCase.Input, benchCase.Output, buffers.HostInput, options.Threads)
            : null;
        var copy = workload.Latency ? null : new MemoryCopy(buffers.Bytes, options.Threads);
        List<Func<int, double>> contenders = [Rounds.InProcess(() => call(null)), calls => torch.Time(key, calls)];
        if (onnx is not null)
        {
            contenders.Add(Rounds.InProcess(onnx.Call));
        }

        if (copy is not null)
        {
            contenders.Add(Rounds.InProcess(copy.Call));
        }

        var timings = Rounds.Measure(contenders, options.Rounds, TimeSpan.FromSeconds(options.Seconds), CpuOptions.MinRounds);

        // The check reads what the timed calls wrote last.
        var ours = buffers.Read();
        var problems = ResultCheck.Compare("PyTorch", benchCase, ours, torch.Results(key), buffers.HostInput, buffers.HostGradOutput).ToList();
        if (onnx is not null)
        {
            var (output, indices) = onnx.Results();
            problems.AddRange(ResultCheck.Compare("ONNX Runtime", benchCase, ours, new PeerResults(output, indices, null), buffers.HostInput, null));
        }

        torch.Drop(key);
        return new CpuRow(
            benchCase.Workload, benchCase.Op, workload.Params, benchCase.Input.Sizes(), benchCase.Output.Sizes(), buffers.Bytes,
            timings[0], timings[1], onnx is null ? null : timings[2], copy is null ? null : timings[^1], problems);
    }

    private static void Write(CpuRun run, CpuOptions options)
    {
        string folder = options.Folder;
        Directory.CreateDirectory(folder);
        string machine = ReportCommand.Slug(Trademarks().Replace(run.Machine.Cpu, "")) + $"-{run.Machine.LogicalCores}c";
        string name = $"{run.Date[..10]}-{machine}{(options.Label is null ? "" : "-" + ReportCommand.Slug(options.Label))}";
        CompareFiles.Write(Path.Combine(folder, name + ".json"), run);
        File.WriteAllText(Path.Combine(folder, name + ".md"), CpuTables.Markdown(run, name + ".png"));
        CpuChart.Save(run, Path.Combine(folder, name + ".png"));
        Console.WriteLine($"Wrote {name}.json, .md and .png to {folder} in {run.Seconds:F0} s.");
    }

    /// <summary>The CPU's model name from /proc/cpuinfo, or its architecture where there is none.</summary>
    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1-minute load average from /proc/loadavg, or null where there is none.</summary>
    private static double? LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? double.Parse(File.ReadAllText(loadAverage).Split(' ')[0], CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\((R|TM)\)", RegexOptions.IgnoreCase)]
    private static partial Regex Trademarks();
}
