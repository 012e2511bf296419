using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The host path's workers: every item of a parallel loop runs exactly once, with several callers
/// at once; a chunk's exception reaches its caller and leaves the workers usable; the spin time's
/// environment variable takes whole microseconds and names itself and the value otherwise.
/// </summary>
public sealed class HostWorkersTests
{
    /// <summary>Element visits past which a loop runs in parallel (HostLoops runs 2^15 inline).</summary>
    private const long ParallelWork = 1 << 20;

    [Test]
    public void EveryItemRunsOnceWithManyCallers()
    {
        var counts = new int[8][];
        Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = counts.Length }, caller =>
        {
            counts[caller] = new int[1000 + caller];
            for (int round = 0; round < 50; round++)
            {
                HostLoops.For(counts[caller].Length, ParallelWork, new Counting(counts[caller]));
            }
        });

        Assert.That(counts.SelectMany(c => c), Is.All.EqualTo(50));
    }

    [Test]
    public void AChunksExceptionReachesTheCaller()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostLoops.For(1000, ParallelWork, new Throwing(777)));
        Assert.That(error!.Message, Is.EqualTo("item 777"));

        var counts = new int[1000];
        HostLoops.For(counts.Length, ParallelWork, new Counting(counts));
        Assert.That(counts, Is.All.EqualTo(1));
    }

    [TestCase(null, 20_000)]
    [TestCase("", 20_000)]
    [TestCase("0", 0)]
    [TestCase(" 500 ", 500)]
    public void SpinTimeIsWholeMicroseconds(string? value, int microseconds) =>
        Assert.That(HostWorkers.ReadSpin(value), Is.EqualTo(TimeSpan.FromMicroseconds(microseconds)));

    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("20ms")]
    public void ABadSpinTimeNamesTheVariableAndTheValue(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostWorkers.ReadSpin(value));
        Assert.That(error!.Message, Does.Contain(HostWorkers.SpinVariable).And.Contain($"'{value}'"));
    }

    private readonly struct Counting(int[] counts) : IRangeBody
    {
        public void Run(long start, long end)
        {
            for (long i = start; i < end; i++)
            {
                Interlocked.Increment(ref counts[i]);
            }
        }
    }

    private readonly struct Throwing(long bad) : IRangeBody
    {
        public void Run(long start, long end)
        {
            if (start <= bad && bad < end)
            {
                throw new InvalidOperationException($"item {bad}");
            }
        }
    }
}
