using BenchmarkDotNet.Attributes;
using ILGPU.Runtime;
using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench.Benchmarks;

/// <summary>
/// BenchmarkDotNet's view of the bench cases: one benchmark per case, its parameter the case's id
/// (<c>--filter '*stem/max_pool2d*'</c> picks the stem's max pooling cases). Each call is synchronous.
/// On the CPU accelerator the cases run at <see cref="Scale.Cpu"/>, on a GPU at the canonical sizes.
/// </summary>
public class OpBenchmarks
{
    private PoolingEngine? engine;
    private CaseBuffers? buffers;
    private Action<AcceleratorStream?>? call;

    /// <summary>The ids of every case (the same at each scale).</summary>
    public static IEnumerable<string> Cases => BenchCases.All(Scale.Tiny).Select(c => c.Id);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        engine = new PoolingEngine();
        var scale = engine.AcceleratorType == AcceleratorType.CPU ? Scale.Cpu : Scale.Canonical;
        var chosen = BenchCases.All(scale).Single(c => c.Id == Case);
        buffers = chosen.Buffers(engine, seed: 1);
        call = chosen.Prepare(buffers);
    }

    [Benchmark]
    public void Run() => call!(null);

    [GlobalCleanup]
    public void Cleanup()
    {
        buffers?.Dispose();
        engine?.Dispose();
    }
}
