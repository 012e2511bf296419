using System.Diagnostics;
using BenchmarkDotNet.Mathematics;
using ILGPU.Runtime;

namespace Pooling.Gpu.Bench.Compare;

/// <summary>The median, fastest and slowest of a series of timed runs, in milliseconds.</summary>
internal sealed record Timing(double MedianMs, double MinMs, double MaxMs);

/// <summary>
/// Times device work with the device's own clock: a profiling marker (a CUDA event on CUDA) before
/// and after each run on the stream, so that host time and launch gaps stay out of the figure.
/// The ILGPU context must have been created with profiling on.
/// </summary>
internal static class DeviceClock
{
    /// <summary>Runs <paramref name="warmups"/> untimed, then <paramref name="runs"/> each between two markers.</summary>
    internal static Timing Measure(AcceleratorStream stream, Action<AcceleratorStream> work, int warmups, int runs)
    {
        for (int i = 0; i < warmups; i++)
        {
            work(stream);
        }

        stream.Synchronize();
        var markers = new List<(ProfilingMarker Start, ProfilingMarker End)>(runs);
        for (int i = 0; i < runs; i++)
        {
            var start = stream.AddProfilingMarker();
            work(stream);
            markers.Add((start, stream.AddProfilingMarker()));
        }

        stream.Synchronize();
        double[] ms = [.. markers.Select(m => (m.End - m.Start).TotalMilliseconds)];
        foreach (var (start, end) in markers)
        {
            start.Dispose();
            end.Dispose();
        }

        var statistics = new Statistics(ms);
        return new Timing(statistics.Median, statistics.Min, statistics.Max);
    }

    /// <summary>The bandwidth ceiling: a device-to-device copy that reads and writes <paramref name="bytes"/> in all.</summary>
    internal static Timing Copy(Accelerator accelerator, AcceleratorStream stream, long bytes, int warmups, int runs)
    {
        long floats = Math.Max(1, bytes / 2 / sizeof(float));
        using var source = accelerator.Allocate1D<float>(floats);
        using var target = accelerator.Allocate1D<float>(floats);
        return Measure(stream, s => source.View.CopyTo(s, target.View), warmups, runs);
    }

    /// <summary>
    /// Host time per call in microseconds: <paramref name="calls"/> synchronous calls (each waits for
    /// its result), and as many calls enqueued on <paramref name="stream"/> followed by one synchronize.
    /// </summary>
    internal static (double SyncUs, double EnqueuedUs) HostOverhead(Action<AcceleratorStream?> call, AcceleratorStream stream, int calls)
    {
        call(null);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call(null);
        }

        double sync = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
        start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call(stream);
        }

        stream.Synchronize();
        return (sync, Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls);
    }
}
