using ILGPU.Runtime;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A stream of ILGPU's CPU accelerator that counts how often it is synchronized. The CPU
/// accelerator runs each launch to the end before returning and takes any stream, so kernels
/// launched on this one run as on its own streams.
/// </summary>
public sealed class CountingStream(Accelerator accelerator) : AcceleratorStream(accelerator)
{
    private int synchronizations;

    /// <summary>How many times <see cref="Synchronize"/> was called.</summary>
    public int Synchronizations => Volatile.Read(ref synchronizations);

    public override void Synchronize() => Interlocked.Increment(ref synchronizations);

    protected override ProfilingMarker AddProfilingMarkerInternal() =>
        throw new NotSupportedException("A counting stream has no profiling markers.");

    protected override void DisposeAcceleratorObject(bool disposing)
    {
    }
}
