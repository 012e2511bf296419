using System.Diagnostics;
using BenchmarkDotNet.Mathematics;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>A contender's samples: the median, fastest and slowest of its per-call times, and the calls in each sample.</summary>
internal sealed record CpuTiming(double MedianMs, double MinMs, double MaxMs, int Calls, int Samples);

/// <summary>
/// Times contenders, the implementations of one workload, in interleaved rounds. A contender is
/// a sampler: given a number of calls, it makes them and returns the milliseconds per call. It
/// times contenders in interleaved rounds, since noise on a small shared VM is large and slow:
/// each round takes one sample of every contender, starting with a different one each round, so
/// that a slow spell hits all of them alike; the median of the rounds is the figure. Past a time
/// budget the rounds stop early, once there are enough for a median. Each sample starts on a
/// settled machine: ONNX Runtime's intra-op threads spin for 30 to 90 ms after its calls (measured
/// on the 2-core VM: a core's worth of CPU time), and OpenMP's in PyTorch's process for a few, which
/// took a core from whichever contender came next.
/// </summary>
internal static class Rounds
{
    /// <summary>A sample takes at least this long, so that a call of microseconds is timed over many calls.</summary>
    private const double SampleMs = 5;

    /// <summary>The wait before a sample, for a peer's threads in another process to stop spinning.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    /// <summary>The window in which this process's CPU use is measured while it settles, and the most it may use in it.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest wait for this process to settle: a thread that never stops spinning must not stall the run.</summary>
    private static readonly TimeSpan MostSettling = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Untimed calls before a sample, at least one (which wakes a contender's threads): after the
    /// settling's idle, this VM's cores take about 15 ms of work to reach their full speed
    /// (measured on one core, the k-th call of Inception's average after 30 ms idle: 4.0, 3.7,
    /// 3.3, 3.0, 2.9, 2.87 ms, and 2.8 ms in a steady loop).
    /// </summary>
    internal const double WarmUpMs = 20;

    /// <summary>A contender whose calls run in this process; each sample starts with <see cref="WarmUpMs"/> of untimed calls.</summary>
    internal static Func<int, double> InProcess(Action call) => calls =>
    {
        long warm = Stopwatch.GetTimestamp();
        do
        {
            call();
        }
        while (Stopwatch.GetElapsedTime(warm).TotalMilliseconds < WarmUpMs);

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
    };

    internal static IReadOnlyList<CpuTiming> Measure(IReadOnlyList<Func<int, double>> contenders, int rounds, TimeSpan budget, int minRounds)
    {
        long start = Stopwatch.GetTimestamp();
        int[] calls = [.. contenders.Select(CallsPerSample)];
        var samples = contenders.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds && (round < minRounds || Stopwatch.GetElapsedTime(start) < budget); round++)
        {
            for (int i = 0; i < contenders.Count; i++)
            {
                int which = (round + i) % contenders.Count;
                Settle();
                samples[which].Add(contenders[which](calls[which]));
            }
        }

        return [.. samples.Select((s, i) => new CpuTiming(new Statistics(s).Median, s.Min(), s.Max(), calls[i], s.Count))];
    }

    /// <summary>
    /// Waits <see cref="Pause"/>, then until this process (where ONNX Runtime's threads run) uses
    /// less than a fifth of a core over a <see cref="Window"/>, for at most <see cref="MostSettling"/>.
    /// </summary>
    private static void Settle()
    {
        Thread.Sleep(Pause);
        using var process = Process.GetCurrentProcess();
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < MostSettling)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            Thread.Sleep(Window);
            process.Refresh();
            if (process.TotalProcessorTime - before < Window / 5)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Warm-up, and the calls that make a sample of <see cref="SampleMs"/>: the first call loads
    /// kernels and faults pages in; the fastest of three more calls is the time of one (a single
    /// call can wait for a core on a busy machine), unless the first of them is as long as a sample.
    /// </summary>
    private static int CallsPerSample(Func<int, double> contender)
    {
        contender(1);
        double fastest = contender(1);
        for (int i = 0; i < 2 && fastest < SampleMs; i++)
        {
            fastest = Math.Min(fastest, contender(1));
        }

        return (int)Math.Clamp(Math.Ceiling(SampleMs / fastest), 1, 1 << 20);
    }
}
