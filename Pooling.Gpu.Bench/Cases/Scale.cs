namespace Pooling.Gpu.Bench.Cases;

/// <summary>How large the workloads are made.</summary>
internal enum Scale
{
    /// <summary>The canonical shapes, for a GPU.</summary>
    Canonical,

    /// <summary>Batch 1 and fewer channels: BenchmarkDotNet runs on the CPU accelerator, an emulator.</summary>
    Cpu,

    /// <summary>A few planes: the smoke job, compare on the CPU accelerator, and the correctness dumps.</summary>
    Tiny,
}
