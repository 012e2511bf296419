using System.Diagnostics;
using System.Globalization;
using ILGPU.Runtime;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The demo: pools the canonical CNN workloads with random data on the best accelerator present
/// and prints one table of median times and effective bandwidth.
/// </summary>
internal static class Demo
{
    private const int WarmUps = 1;

    /// <summary>Runs the demo; <paramref name="args"/> may hold <c>--batch N</c>.</summary>
    internal static int Run(string[] args)
    {
        long? batch = ParseBatch(args);
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

            var table = new TextTable(
                ("workload", false), ("op", false), ("parameters", false), ("input -> output", false),
                ("device", false), ("median ms", true), ("GB/s", true));
            var random = new Random(2024);
            foreach (var workload in Workloads.Create(batch, emulated))
            {
                double ms = MedianMilliseconds(engine, workload, random, runs);
                table.Add(
                    workload.Id,
                    workload.Op,
                    workload.Parameters,
                    $"{workload.Input} -> {workload.Output}",
                    engine.AcceleratorType.ToString(),
                    Numbers.ThreeDigits(ms),
                    Numbers.ThreeDigits(workload.Bytes / (ms * 1e6)));
            }

            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");
        }

        return 0;
    }

    private static long? ParseBatch(string[] args) => args switch
    {
        [] => null,
        ["--batch", var text] when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0 => n,
        ["--batch", ..] => throw new UsageException("--batch takes one positive whole number."),
        _ => throw new UsageException($"The demo does not know '{string.Join(' ', args)}'."),
    };

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

        return Statistics.Median(times);
    }
}
