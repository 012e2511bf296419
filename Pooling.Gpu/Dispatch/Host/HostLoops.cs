namespace Pooling.Gpu;

/// <summary>A loop body that one host thread runs over items <c>[start, end)</c>.</summary>
internal interface IRangeBody
{
    void Run(long start, long end);
}

/// <summary>
/// Host loops over the machine's cores. A call with little work runs inline on the caller's
/// thread: handing work to the thread pool and waiting for it costs microseconds, more than a
/// small pooling takes. A larger one is split into a few contiguous chunks per core, run by the
/// caller and <see cref="HostWorkers"/>; each chunk is a range of planes, rows or elements in memory order.
/// </summary>
internal static class HostLoops
{
    /// <summary>
    /// The most element visits (loads and stores) a call runs inline: 2^15, about 10 to 30 µs of
    /// work, past which two threads win.
    /// </summary>
    private const long InlineWork = 1 << 15;

    /// <summary>Chunks per core: enough that a chunk with more border work than the others does not leave a core idle for long.</summary>
    private const int ChunksPerCore = 4;

    /// <summary>The most chunks a loop is split into: <see cref="ChunksPerCore"/> per core.</summary>
    internal static long MostChunks => (long)Environment.ProcessorCount * ChunksPerCore;

    /// <summary>Runs <paramref name="body"/> over <c>[0, items)</c>; <paramref name="work"/> is the call's element visits, all items together.</summary>
    internal static void For<TBody>(long items, long work, TBody body)
        where TBody : struct, IRangeBody
    {
        long chunks = Math.Min(items, MostChunks);
        if (chunks <= 1 || work <= InlineWork)
        {
            if (items > 0)
            {
                body.Run(0, items);
            }

            return;
        }

        InChunks(items, (int)chunks, body);
    }

    /// <summary>The parallel loop, apart: its job is the one allocation of a call that is not inline.</summary>
    private static void InChunks<TBody>(long items, int chunks, TBody body)
        where TBody : struct, IRangeBody =>
        HostWorkers.Run(new Chunks<TBody>(items, chunks, body));

    /// <summary>The first item of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over <paramref name="items"/>.</summary>
    private static long Bound(long items, long chunk, long chunks) => (long)((Int128)items * chunk / chunks);

    /// <summary><paramref name="body"/> over <c>[0, items)</c> in <paramref name="chunks"/> contiguous chunks.</summary>
    private sealed class Chunks<TBody>(long items, int chunks, TBody body) : HostJob(chunks)
        where TBody : struct, IRangeBody
    {
        protected override void Run(int chunk) => body.Run(Bound(items, chunk, Chunks), Bound(items, chunk + 1, Chunks));
    }
}
