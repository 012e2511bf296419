using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Pooling.Gpu;

/// <summary>
/// The host path's worker threads, one per core besides the caller's. A call's chunks go to the
/// caller and to the workers that take a ticket of its job; the caller runs chunks too, so a call
/// finishes even while every worker is busy with another caller's. After its last chunk a worker
/// looks for work for <see cref="Spin"/> before it sleeps, as OpenMP's and ONNX Runtime's workers
/// do, so that the next call finds it awake (why, and what it measured: kernels.md, "The host
/// path"). <see cref="SpinVariable"/> sets the time, 0 to sleep at once.
/// </summary>
internal static class HostWorkers
{
    /// <summary>The environment variable that sets <see cref="Spin"/>, in microseconds.</summary>
    internal const string SpinVariable = "POOLING_GPU_HOST_SPIN_US";

    private const int DefaultSpinMicroseconds = 20_000;

    private static readonly ConcurrentQueue<HostJob> Tickets = new();

    private static readonly SemaphoreSlim Wake = new(0);

    private static readonly Lazy<TimeSpan> SpinTime = new(() => ReadSpin(Environment.GetEnvironmentVariable(SpinVariable)));

    private static readonly Lazy<int> Workers = new(() => Start(Environment.ProcessorCount - 1));

    private static int sleeping;

    /// <summary>How long a worker looks for work after its last chunk before it sleeps (read when the first host engine is made).</summary>
    internal static TimeSpan Spin => SpinTime.Value;

    /// <summary>Runs every chunk of <paramref name="job"/>, on the caller's thread and the workers'; rethrows the first exception a chunk threw.</summary>
    internal static void Run(HostJob job)
    {
        int helpers = Math.Min(job.Chunks - 1, Workers.Value);
        for (int i = 0; i < helpers; i++)
        {
            Tickets.Enqueue(job);
        }

        int asleep = Math.Min(helpers, Volatile.Read(ref sleeping));
        if (asleep > 0)
        {
            Wake.Release(asleep);
        }

        job.Help();
        job.Wait();
    }

    /// <summary>The spin time <paramref name="value"/> sets: microseconds, a whole number from 0; the default where it is not set.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is not such a number.</exception>
    internal static TimeSpan ReadSpin(string? value) => value?.Trim() switch
    {
        null or "" => TimeSpan.FromMicroseconds(DefaultSpinMicroseconds),
        var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int microseconds) => TimeSpan.FromMicroseconds(microseconds),
        _ => throw new InvalidOperationException($"{SpinVariable}='{value}' is not a whole number of microseconds (0 or more)."),
    };

    private static int Start(int count)
    {
        for (int i = 0; i < count; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"Pooling.Gpu host worker {i + 1}" }.Start();
        }

        return count;
    }

    private static void Work()
    {
        while (true)
        {
            long idle = Stopwatch.GetTimestamp();
            HostJob? job;
            while (!Tickets.TryDequeue(out job))
            {
                if (Stopwatch.GetElapsedTime(idle) < SpinTime.Value)
                {
                    Thread.SpinWait(32);
                    continue;
                }

                // Counted as asleep before the last look, so that a job queued after that look wakes it.
                Interlocked.Increment(ref sleeping);
                if (!Tickets.TryDequeue(out job))
                {
                    Wake.Wait();
                }

                Interlocked.Decrement(ref sleeping);
                if (job is not null)
                {
                    break;
                }

                idle = Stopwatch.GetTimestamp();
            }

            job.Help();
        }
    }
}

/// <summary>A call's chunks, claimed one at a time by the caller and the workers.</summary>
internal abstract class HostJob(int chunks)
{
    private int next;
    private int done;
    private Exception? error;

    internal int Chunks { get; } = chunks;

    /// <summary>Runs chunks until none is left to claim.</summary>
    internal void Help()
    {
        for (int chunk = Interlocked.Increment(ref next) - 1; chunk < Chunks; chunk = Interlocked.Increment(ref next) - 1)
        {
            try
            {
                Run(chunk);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, e, null);
            }

            Interlocked.Increment(ref done);
        }
    }

    /// <summary>Waits, spinning, until every chunk is done (the caller has run its share; the others are running); rethrows a chunk's exception.</summary>
    internal void Wait()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref done) < Chunks)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>Runs chunk <paramref name="chunk"/>.</summary>
    protected abstract void Run(int chunk);
}
