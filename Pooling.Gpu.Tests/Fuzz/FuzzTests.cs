using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Randomized differential testing: generated valid cases of every op (<see cref="FuzzCaseGenerator"/>),
/// many in float64, float16 or bfloat16 and/or channels-last, forward and backward (both index
/// forms for max, the allocating form, the index conversion), each against the float64 reference
/// and PyTorch (one oracle batch for the run, with a gradient of the output), with the grid's
/// checks (<see cref="PoolChecks"/>) and each type's tolerance. Only what PyTorch 1.13 cannot
/// answer stays out of the PyTorch batch (see <see cref="PoolOp.TorchCanAnswer"/>); the
/// reference judges those.
/// </summary>
[Category("Fuzz")]
public sealed class FuzzTests
{
    private static readonly Lazy<IReadOnlyList<FuzzCase>> All = new(() => FuzzCaseGenerator.Generate(FuzzSettings.Seed, FuzzSettings.Cases));

    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. All.Value.Select(f => (Fuzz: f, X: f.Case.Input()))
            .Select(t => (t.Fuzz, t.X, Expected: t.Fuzz.Case.Reference(t.X)))
            .Where(t => t.Fuzz.Case.Op.TorchCanAnswer(t.Expected))
            .Select(t => t.Fuzz.Case.ToOracle(t.X, t.Fuzz.Case.GradOutput(t.Expected.Shape)) with { Id = t.Fuzz.Id })]).ToDictionary(r => r.Id));

    private static IEnumerable<TestCaseData> Cases => All.Value.Select(f => new TestCaseData(f).SetName(f.Id));

    [OneTimeSetUp]
    public void SayHowToRerun() =>
        TestContext.Progress.WriteLine($"Fuzz: {FuzzSettings.Cases} cases of each table of draws from seed {FuzzSettings.Seed}; rerun them with {FuzzSettings.Rerun}");

    [TestCaseSource(nameof(Cases))]
    public void MatchesTheReferenceAndPyTorch(FuzzCase fuzz)
    {
        var c = fuzz.Case;
        var engine = TestEngine.Instance;
        PoolChecks.AgainstReference(c, engine);
        PoolChecks.AllocatingFormAndDeterminism(c, engine);
        if (c.Op.IsMax)
        {
            PoolChecks.CompactIndices(c, engine);
        }

        if (c.Op.TorchCanAnswer(c.Reference(c.Input())))
        {
            TorchOracle.RequireAvailable();
            PoolChecks.AgainstPyTorch(c, Torch.Value[fuzz.Id], engine);
        }
    }
}
