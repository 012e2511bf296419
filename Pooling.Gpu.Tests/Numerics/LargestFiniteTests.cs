using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// What averaging the largest finite floats gives. Sums are float, as in PyTorch's float path, so
/// a window whose running sum passes float.MaxValue gives +inf (or NaN after inf - inf) even where
/// the true mean is finite. The window ops (avg_pool2d, adaptive_avg_pool2d) add row by row like
/// PyTorch 1.13's CPU kernels and give the same values. Global average pooling adds in a tree
/// (per-thread partials, then pairs across the warp or group), so where the order decides, it
/// differs from PyTorch's sequential mean: the measured values of both are pinned here. (Where
/// the engine reduces planes in one thread, global average pooling adds in order too.)
/// </summary>
public sealed class LargestFiniteTests
{
    private const float M = float.MaxValue;

    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Cases().Select(c => ((NumericCase)c.Arguments[0]!).ToOracle())]).ToDictionary(r => r.Id));

    /// <summary>Cases with the library's value and PyTorch 1.13 CPU's (measured), and the float64 mean.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        var (avg, adaptive, global) = (AvgPoolOp.Of(new AvgPool2dOptions((1, 4))), AdaptiveOp.Of2d(false, 1), new GlobalOp(Max: false));
        yield return Case(avg, "avg_pool2d of four float.MaxValue", [M, M, M, M], float.PositiveInfinity, float.PositiveInfinity);
        yield return Case(avg, "avg_pool2d whose true mean is 0.375 MaxValue", [M / 2, M / 2, M / 2, 0], float.PositiveInfinity, float.PositiveInfinity);
        yield return Case(avg, "avg_pool2d of M, M, -M, -M", [M, M, -M, -M], float.PositiveInfinity, float.PositiveInfinity);
        yield return Case(avg, "avg_pool2d of M, -M, M, -M", [M, -M, M, -M], 0, 0);
        yield return Case(adaptive, "adaptive_avg_pool2d of M, M, -M, -M", [M, M, -M, -M], float.PositiveInfinity, float.PositiveInfinity);
        yield return Case(global, "global average of four float.MaxValue", [M, M, M, M], float.PositiveInfinity, float.PositiveInfinity);
        yield return Case(global, "global average of M, M, -M, -M (pairs (M - M) + (M - M))", [M, M, -M, -M], 0, float.PositiveInfinity);
        yield return Case(global, "global average of M, -M, M, -M (pairs (M + M) + (-M - M))", [M, -M, M, -M], float.NaN, 0);
    }

    [TestCaseSource(nameof(Cases))]
    public void AveragesOfTheLargestFloats(NumericCase n, float library, float pytorch)
    {
        // Where ILGPU compiles no warp shuffles (OpenCL devices other than Intel's), global average
        // pooling takes the window kernel, which adds in order as PyTorch does.
        var engine = TestEngine.Instance;
        bool inOrder = n.Case.Op is GlobalOp && !engine.Dispatch.ReducesPlanesInGroups;
        var (values, _) = n.Case.Run(engine, n.X, n.Case.Reference(n.X).Shape);
        Assert.That((float)values[0], Is.EqualTo(inOrder ? pytorch : library), "the library's value");
        TorchOracle.RequireAvailable();
        Assert.That(Torch.Value[n.Name].Output[0], Is.EqualTo(pytorch), "PyTorch's value");
    }

    /// <summary>Each case is one window over a 1x4 row: (1, 1, 1, 4) pooled to one output.</summary>
    private static TestCaseData Case(PoolOp op, string name, float[] x, float library, float pytorch) =>
        new TestCaseData(new NumericCase(name, new PoolCase(op, new TensorShape(1, 1, 1, 4), DataKind.Special), x, [1f]), library, pytorch).SetName(name);
}
