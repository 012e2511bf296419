using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Mathematics;
using ILGPU.Runtime;
using Spectre.Console;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The demo: pools the canonical CNN workloads with random data on the best accelerator present
/// and prints one table of median times and effective bandwidth.
/// </summary>
internal static class DemoCommand
{
    private const int WarmUps = 1;

    internal static Command Create()
    {
        var batch = Cli.Positive<long>("--batch", "The batch size of every workload [default: the canonical N on a GPU, 1 on the CPU accelerator]");
        var command = new Command("demo", "Pools realistic CNN workloads on the best accelerator present and prints one table (the default command).") { batch };
        command.SetAction(result => Run(result.GetResult(batch) is null ? null : result.GetValue(batch)));
        return command;
    }

    /// <summary>Runs the demo at batch size <paramref name="batch"/>, or at the accelerator's default.</summary>
    private static int Run(long? batch)
    {
        var clock = Stopwatch.StartNew();
        PoolingEngine engine;
        try
        {
            engine = new PoolingEngine();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"No engine: {e.Message}");
            return 1;
        }

        using (engine)
        {
            bool emulated = engine.AcceleratorType == AcceleratorType.CPU;

            // The emulator takes about a millisecond per launch and far longer per element: a few runs suffice there.
            int runs = emulated ? 5 : 20;
            Console.WriteLine("Pooling.Gpu demo: forward pooling of CNN workloads (fp32, NCHW, random data)");
            Console.WriteLine($"Device:   {engine.DeviceName} ({engine.AcceleratorType})");
            Console.WriteLine($"Selected: {engine.SelectionReason}");
            if (emulated)
            {
                Console.WriteLine("Note:     the CPU accelerator emulates a GPU on the host; its times say nothing about GPU speed.");
                Console.WriteLine($"Sizes:    N = {batch ?? 1} (--batch N to change), 256 channels for global pooling; a GPU runs the canonical sizes.");
            }
            else
            {
                Console.WriteLine($"Sizes:    {(batch is null ? "canonical N" : $"N = {batch}")} (--batch N to change).");
            }

            Console.WriteLine($"Timing:   median of {runs} synchronous calls after {WarmUps} warm-up; GB/s = (input + output bytes, indices included) / time.");
            Console.WriteLine();

            var table = new Table().AddColumns(
                ConsoleOutput.Text("workload"), ConsoleOutput.Text("op"), ConsoleOutput.Text("parameters"), ConsoleOutput.Text("input -> output"),
                ConsoleOutput.Text("device"), ConsoleOutput.Number("median ms"), ConsoleOutput.Number("GB/s"));
            var random = new Random(2024);
            ConsoleOutput.ForEach("demo", Workloads.Create(batch, emulated), w => $"{w.Id} {w.Op}", workload =>
            {
                double ms = MedianMilliseconds(engine, workload, random, runs);
                table.AddCells([
                    workload.Id,
                    workload.Op,
                    workload.Parameters,
                    $"{workload.Input} -> {workload.Output}",
                    engine.AcceleratorType.ToString(),
                    Numbers.ThreeDigits(ms),
                    Numbers.ThreeDigits(workload.Bytes / (ms * 1e6))]);
            });
            AnsiConsole.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
        }

        return 0;
    }

    /// <summary>The median time of a synchronous call, after a warm-up that compiles and loads the kernel.</summary>
    private static double MedianMilliseconds(PoolingEngine engine, Workload workload, Random random, int runs)
    {
        var data = new float[workload.Input.Length];
        for (long i = 0; i < data.Length; i++)
        {
            data[i] = (random.NextSingle() * 2f) - 1f;
        }

        using var input = engine.Upload<float>(data, workload.Input);
        using var output = engine.Allocate<float>(workload.Output);
        using var indices = workload.WritesIndices ? engine.Allocate<long>(workload.Output) : null;
        for (int i = 0; i < WarmUps; i++)
        {
            workload.Pool(engine, input, output, indices);
        }

        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            workload.Pool(engine, input, output, indices);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return new Statistics(times).Median;
    }
}
