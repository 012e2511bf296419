namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// The ceiling of a memory-bound op: a copy that moves as many bytes as the op must (half read, half
/// written), split in equal parts over the bench's threads.
/// </summary>
internal sealed class MemoryCopy(long bytes, int threads)
{
    private readonly byte[] source = Filled(bytes / 2);
    private readonly byte[] target = new byte[bytes / 2];
    private readonly ParallelOptions options = new() { MaxDegreeOfParallelism = threads };

    internal void Call() => Parallel.For(0, threads, options, part =>
    {
        long start = source.LongLength * part / threads;
        long end = source.LongLength * (part + 1) / threads;
        source.AsSpan((int)start, (int)(end - start)).CopyTo(target.AsSpan((int)start));
    });

    // Written once, so that the source's pages are mapped before the first timed copy.
    private static byte[] Filled(long length)
    {
        var array = new byte[length];
        array.AsSpan().Fill(1);
        return array;
    }
}
