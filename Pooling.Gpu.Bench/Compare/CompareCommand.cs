using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Pooling.Gpu.Bench.Cases;
using Spectre.Console;

namespace Pooling.Gpu.Bench.Compare;

/// <summary>
/// The <c>compare</c> command, our half of the GPU comparison: times every bench case with the
/// device's clock (median of the runs after warm-up), a device-to-device copy of the same bytes as
/// the bandwidth ceiling, and the host overhead per call on the tiny workload. It writes plan.json
/// first (what bench/gpu/torch_bench.py times, so PyTorch's side runs even if ours fails), then
/// check.json (small seeded inputs and our results, for torch_bench.py to check), then ours.json,
/// rewritten after every case. On the CPU accelerator it runs only with --tiny, and there the
/// figures only show that the pipeline works.
/// </summary>
internal static class CompareCommand
{
    internal const string DefaultFolder = "artifacts/compare";

    private const int Warmups = 5;

    private const int DefaultRuns = 30;

    private static readonly int[] CheckSeeds = [1, 7];

    internal static Command Create()
    {
        var tiny = new Option<bool>("--tiny") { Description = "Tiny shapes (required on the CPU accelerator): the figures only show that the pipeline works" };
        var runs = Cli.Positive<int>("--runs", "Timed runs per case, after warm-up");
        runs.DefaultValueFactory = _ => DefaultRuns;
        var folder = Cli.Folder("--out", "Where plan.json, check.json and ours.json go", DefaultFolder);
        var command = new Command("compare", "Times every bench case with the GPU's clock and writes plan.json, check.json and ours.json for bench/gpu/torch_bench.py.")
        {
            tiny, runs, folder,
        };
        command.SetAction(result => Run(result.GetValue(tiny), result.GetValue(runs), result.GetValue(folder)!));
        return command;
    }

    private static int Run(bool tiny, int runs, string folder)
    {
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var scale = tiny ? Scale.Tiny : Scale.Canonical;

        // Few calls on tiny shapes: the CPU accelerator takes about a millisecond per launch.
        int overheadCalls = tiny ? 20 : 2000;
        var cases = BenchCases.All(scale);
        var overheadCase = cases.Single(c => c.Workload == Canonical.Tiny.Id && c.DType == "fp32");

        // Before the device is touched: PyTorch's side can run even if ours cannot start.
        CompareFiles.Write(Path.Combine(folder, "plan.json"), new Plan(
            Name(scale),
            Warmups,
            runs,
            ["fp32", "fp16"],
            [.. cases.Select(c => new PlanPeer(c.Workload, c.Peer.Key, c.Input.Sizes(), c.Peer)).DistinctBy(p => (p.Workload, p.Key))],
            new PlanOverhead(overheadCase.Workload, overheadCase.Peer.Key, overheadCalls)));

        // The accelerator a PoolingEngine() makes (its devices, O2, a forced instruction set), with
        // profiling markers: the kernels timed are those it compiles.
        var (opened, openedAccelerator, reason) = AcceleratorSelection.Open(new PoolingEngineOptions(), profiling: true);
        using var context = opened;
        using var accelerator = openedAccelerator;
        if (accelerator.AcceleratorType == AcceleratorType.CPU && !tiny)
        {
            Console.Error.WriteLine("The CPU accelerator, an emulator, would take hours over the canonical shapes: add --tiny.");
            return 1;
        }

        using var engine = new PoolingEngine(accelerator);
        Console.WriteLine($"compare: {cases.Count} cases at {Name(scale)} scale on {accelerator.AcceleratorType} '{accelerator.Name}' ({reason})");
        Console.WriteLine($"Timing:  device clock (profiling markers), median of {runs} runs after {Warmups} warm-ups; copy = device-to-device copy of the same bytes.");
        var stream = accelerator.DefaultStream;
        var overhead = MeasureOverhead(engine, overheadCase, stream, overheadCalls);
        Console.WriteLine(
            $"Host overhead ({overhead.Workload}/{overhead.Op}, {overhead.Calls} calls): {overhead.SyncUs:F1} us per synchronous call, " +
            $"{overhead.EnqueuedUs:F1} us per enqueued call.");
        var checks = Checks(engine);
        CompareFiles.Write(Path.Combine(folder, "check.json"), new CheckFile(accelerator.Name, checks));

        var table = new Table().AddColumns(
            ConsoleOutput.Text("case"), ConsoleOutput.Text("input"), ConsoleOutput.Number("MB"), ConsoleOutput.Number("median ms"),
            ConsoleOutput.Number("GB/s"), ConsoleOutput.Number("copy GB/s"), ConsoleOutput.Number("% of copy"));
        var rows = new List<OurRow>();
        var copies = new Dictionary<long, Timing>();
        var run = new OurRun(
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Name(scale),
            Describe(accelerator),
            reason,
            typeof(Context).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            context.Properties.OptimizationLevel.ToString(),
            RuntimeInformation.FrameworkDescription,
            Warmups,
            runs,
            rows,
            overhead);

        // BenchCases lists the channels-last cases last: if the GPU run's time limit stops compare
        // early, the headline figures are in.
        ConsoleOutput.ForEach("compare", cases, c => c.Id, benchCase =>
        {
            using var buffers = benchCase.Buffers(engine, seed: 1);
            var call = benchCase.Prepare(buffers);
            var timing = DeviceClock.Measure(stream, s => call(s), Warmups, runs);
            long bytes = buffers.Bytes;
            if (!copies.TryGetValue(bytes, out var copy))
            {
                copies[bytes] = copy = DeviceClock.Copy(accelerator, stream, bytes, Warmups, runs);
            }

            var row = new OurRow(
                benchCase.Workload, benchCase.Op, benchCase.DType, benchCase.Peer.Key, benchCase.Input.Sizes(), benchCase.Output.Sizes(),
                bytes, timing.MedianMs, timing.MinMs, timing.MaxMs, copy.MedianMs);
            rows.Add(row);

            // After every case, so that a run stopped by its time limit still leaves what it measured.
            CompareFiles.Write(Path.Combine(folder, "ours.json"), run);
            table.AddCells([
                benchCase.Id, benchCase.Input.ToString(), Format(bytes / 1e6, 1), Format(row.MedianMs, 4), Format(row.Gbps, 1),
                Format(row.CopyGbps, 1), Format(100 * row.Gbps / row.CopyGbps, 0)]);
        });
        AnsiConsole.Write(table);
        Console.WriteLine($"Wrote plan.json, check.json ({checks.Count} checks) and ours.json to {folder} in {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    private static HostOverhead MeasureOverhead(PoolingEngine engine, BenchCase overheadCase, AcceleratorStream stream, int calls)
    {
        using var buffers = overheadCase.Buffers(engine, seed: 1);
        var (sync, enqueued) = DeviceClock.HostOverhead(overheadCase.Prepare(buffers), stream, calls);
        return new HostOverhead(overheadCase.Workload, overheadCase.Op, calls, sync, enqueued);
    }

    /// <summary>Every case at tiny scale on a few seeds: the input and all our results, for PyTorch to check.</summary>
    private static List<CheckCase> Checks(PoolingEngine engine)
    {
        var checks = new List<CheckCase>();
        ConsoleOutput.ForEach("check", BenchCases.All(Scale.Tiny), c => c.Id, benchCase =>
        {
            foreach (int seed in CheckSeeds)
            {
                using var buffers = benchCase.Buffers(engine, seed);
                benchCase.Prepare(buffers)(null);
                var results = buffers.Read();
                checks.Add(new CheckCase(
                    benchCase.Id, seed, benchCase.Peer, benchCase.DType, benchCase.Input.Sizes(), Base64(buffers.HostInput), Base64(results.IndexInput),
                    Base64(buffers.HostGradOutput), benchCase.Output.Sizes(), Base64(results.Output), Base64(results.Indices), Base64(results.GradInput)));
            }
        });

        return checks;
    }

    private static DeviceInfo Describe(Accelerator accelerator)
    {
        var cuda = accelerator as CudaAccelerator;
        return new DeviceInfo(
            accelerator.Name,
            accelerator.AcceleratorType.ToString(),
            cuda is null ? null : NvidiaDriver(),
            cuda?.DriverVersion.ToString(),
            cuda?.Architecture.ToString(),
            cuda?.InstructionSet.ToString(),
            accelerator.NumMultiprocessors,
            accelerator.MemorySize);
    }

    /// <summary>The driver's version from nvidia-smi, or null where it cannot be asked.</summary>
    private static string? NvidiaDriver()
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", "--query-gpu=driver_version --format=csv,noheader") { RedirectStandardOutput = true };
            using var process = Process.Start(start);
            string? version = process?.StandardOutput.ReadLine()?.Trim();
            process?.WaitForExit();
            return process?.ExitCode == 0 ? version : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Name(Scale scale) => scale.ToString().ToLowerInvariant();

    [return: NotNullIfNotNull(nameof(values))]
    private static string? Base64<T>(T[]? values)
        where T : unmanaged => values is null ? null : Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static string Format(double value, int decimals) => value.ToString($"F{decimals}", CultureInfo.InvariantCulture);
}
