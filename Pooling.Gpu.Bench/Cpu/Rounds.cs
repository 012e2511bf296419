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
/// budget the rounds stop early, once there are enough for a median.
/// </summary>
internal static class Rounds
{
    /// <summary>A sample takes at least this long, so that a call of microseconds is timed over many calls.</summary>
    private const double SampleMs = 5;

    /// <summary>A contender whose calls run in this process.</summary>
    internal static Func<int, double> InProcess(Action call) => calls =>
    {
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
                samples[which].Add(contenders[which](calls[which]));
            }
        }

        return [.. samples.Select((s, i) => new CpuTiming(new Statistics(s).Median, s.Min(), s.Max(), calls[i], s.Count))];
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
