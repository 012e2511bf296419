using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Mathematics;
using Pooling.Gpu.Bench.Cases;
using Spectre.Console;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The smoke job: every bench case once on tiny shapes, a few calls each, on the best accelerator
/// present (the CPU accelerator in CI). It checks that every case prepares, runs and writes
/// finite results, so that the benchmarks and the GPU comparison cannot rot unnoticed; its times
/// are wall times of synchronous calls and say nothing about speed.
/// </summary>
internal static class SmokeCommand
{
    private const int Calls = 3;

    private const string Ok = "ok";

    internal static Command Create()
    {
        var command = new Command("smoke", "Runs every bench case a few times on tiny shapes (seconds): the benchmarks' CI check.");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        var clock = Stopwatch.StartNew();
        using var engine = new PoolingEngine();
        Console.WriteLine($"Smoke: every bench case at tiny scale, {Calls} synchronous calls each, on {engine}.");
        var table = new Table().AddColumns(
            ConsoleOutput.Text("case"), ConsoleOutput.Text("input"), ConsoleOutput.Number("bytes"), ConsoleOutput.Number("median ms"), ConsoleOutput.Text("result"));
        int failures = 0;
        ConsoleOutput.ForEach("smoke", BenchCases.All(Scale.Tiny), c => c.Id, benchCase =>
        {
            string[] cells;
            try
            {
                cells = Run(engine, benchCase);
            }
            catch (Exception e)
            {
                cells = [benchCase.Id, benchCase.Input.ToString(), "-", "-", $"{e.GetType().Name}: {e.Message}"];
            }

            table.AddCells(cells);
            failures += cells[^1] == Ok ? 0 : 1;
        });
        AnsiConsole.Write(table);
        Console.WriteLine($"Smoke: {(failures == 0 ? "all cases ran" : $"{failures} case(s) FAILED")} in {clock.Elapsed.TotalSeconds:F1} s.");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The case's table row: id, input, bytes, median wall time of its calls, and "ok" or what is wrong.</summary>
    private static string[] Run(PoolingEngine engine, BenchCase benchCase)
    {
        using var buffers = benchCase.Buffers(engine, seed: 1);
        var call = benchCase.Prepare(buffers);
        double median = new Statistics(Enumerable.Range(0, Calls).Select(_ => WallMilliseconds(call))).Median;
        var read = buffers.Read();
        bool finite = new[] { read.Output, read.GradInput }.All(values => values is null || values.All(float.IsFinite));
        return
        [
            benchCase.Id, benchCase.Input.ToString(), buffers.Bytes.ToString(CultureInfo.InvariantCulture),
            median.ToString("F2", CultureInfo.InvariantCulture), finite ? Ok : "non-finite values",
        ];
    }

    private static double WallMilliseconds(Action<ILGPU.Runtime.AcceleratorStream?> call)
    {
        long start = Stopwatch.GetTimestamp();
        call(null);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
