using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Randomized differential testing: generated valid cases of every op, forward and backward
/// (both index forms for max, the allocating form, the index conversion), each against the
/// float64 reference and PyTorch (one oracle batch for the run, with a gradient of the output).
/// A third of the 2D cases are in float64, float16 or bfloat16 and/or channels-last, judged by the
/// variant checks (<see cref="VariantChecks"/>) with each type's tolerance; the breadth ops
/// (<see cref="BreadthCaseGenerator"/>: 1D/3D pooling, lp_pool, max_unpool2d), half of them in
/// another type or layout, by the breadth checks (<see cref="BreadthChecks"/>).
/// Only what PyTorch 1.13 cannot answer stays out of the PyTorch batch (max windows with no input
/// position, see <see cref="ForwardCase.TorchCanAnswer"/>; max_pool1d/3d padding past half the
/// kernel, see <see cref="BreadthOp.TorchCanAnswer"/>); the reference judges those.
/// </summary>
[Category("Fuzz")]
public sealed class FuzzTests
{
    private static readonly Lazy<IReadOnlyList<FuzzCase>> All = new(() => FuzzCaseGenerator.Generate(FuzzSettings.Seed, FuzzSettings.Cases));

    private static readonly Lazy<IReadOnlyList<BreadthFuzzCase>> Breadth = new(() => BreadthCaseGenerator.Generate(FuzzSettings.Seed, FuzzSettings.BreadthCases));

    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. PlaneOracleCases(), .. BreadthOracleCases()]).ToDictionary(r => r.Id));

    private static IEnumerable<TestCaseData> Cases => All.Value.Select(f => new TestCaseData(f).SetName(f.Id));

    private static IEnumerable<TestCaseData> BreadthCaseData => Breadth.Value.Select(f => new TestCaseData(f).SetName(f.Id));

    [OneTimeSetUp]
    public void SayHowToRerun() =>
        TestContext.Progress.WriteLine(
            $"Fuzz: {FuzzSettings.Cases} cases of the 2D ops and {FuzzSettings.BreadthCases} of the others from seed {FuzzSettings.Seed}; rerun them with {FuzzSettings.Rerun}");

    [TestCaseSource(nameof(Cases))]
    public void MatchesTheReferenceAndPyTorch(FuzzCase fuzz)
    {
        var c = fuzz.Case;
        var engine = TestEngine.Instance;
        var (x, expected, g) = Prepare(fuzz);
        if (fuzz.IsVariant)
        {
            VariantChecks.AgainstReference(fuzz.Variant, engine, fuzz.Id);
            if (c.TorchCanAnswer(expected))
            {
                TorchOracle.RequireAvailable();
                Assert.That(Torch.Value[fuzz.Id].Error, Is.Null, "PyTorch refused a case the library accepts");
                VariantChecks.AgainstPyTorch(fuzz.Variant, Torch.Value[fuzz.Id], engine, fuzz.Id);
            }

            return;
        }

        var (values, indices) = c.Run(engine, x, expected.Shape);
        CheckForward(c, values, indices, expected.Values, expected.Indices, expected.Magnitudes, $"{fuzz.Id} vs reference");
        Assert.That(Bits(c.RunAllocating(engine, x)), Is.EqualTo(Bits(values)).AsCollection, "the allocating form without indices");
        if (c.IsMax)
        {
            CheckCompactForward(c, engine, x, expected);
        }

        var expectedGrad = c.ReferenceBackward(x, g);
        var grads = Forms(c).Select(form => c.RunBackward(engine, x, g, expected.Shape, form)).ToList();
        foreach (var (grad, form) in grads.Zip(Forms(c)))
        {
            Expect.CloseAverages(grad, expectedGrad.Values, expectedGrad.Magnitudes, $"{fuzz.Id} backward ({form} indices) vs reference");
        }

        Assert.That(grads.Select(Bits), Is.All.EqualTo(Bits(grads[0])).AsCollection, "both index forms give the same gradient bits");

        if (!c.TorchCanAnswer(expected))
        {
            return;
        }

        TorchOracle.RequireAvailable();
        var torch = Torch.Value[fuzz.Id];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        Assert.That(torch.OutputShape, Is.EqualTo(Dims(expected.Shape)), "output shape");
        CheckForward(c, values, indices, [.. torch.Output.Select(v => (double)v)], torch.Indices ?? [], expected.Magnitudes, $"{fuzz.Id} vs PyTorch");
        foreach (var (grad, form) in grads.Zip(Forms(c)))
        {
            // Max gradients add the same values in the same order as PyTorch's CPU loop: bit for bit.
            if (c.IsMax)
            {
                Assert.That(Bits(grad), Is.EqualTo(Bits(torch.GradInput!)).AsCollection, $"backward ({form} indices) vs PyTorch autograd");
            }
            else
            {
                Expect.CloseAverages(grad, [.. torch.GradInput!.Select(v => (double)v)], expectedGrad.Magnitudes, $"{fuzz.Id} backward vs PyTorch autograd");
            }
        }
    }

    [TestCaseSource(nameof(BreadthCaseData))]
    public void BreadthOpMatchesTheReferenceAndPyTorch(BreadthFuzzCase fuzz)
    {
        var c = fuzz.Case;
        var engine = TestEngine.Instance;
        BreadthChecks.AgainstReference(c, engine);
        BreadthChecks.AllocatingFormAndDeterminism(c, engine);
        if (c.Op.IsMax)
        {
            BreadthChecks.CompactIndices(c, engine);
        }

        if (c.Op.TorchCanAnswer(c.Reference(c.Input())))
        {
            TorchOracle.RequireAvailable();
            BreadthChecks.AgainstPyTorch(c, Torch.Value[fuzz.Id], engine);
        }
    }

    /// <summary>The 2D cases that PyTorch can answer, with their data and output gradient (rounded into a variant's element type).</summary>
    private static IEnumerable<OracleCase> PlaneOracleCases() =>
        All.Value.Select(f => (Fuzz: f, Data: Prepare(f)))
            .Where(t => t.Fuzz.Case.TorchCanAnswer(t.Data.Expected))
            .Select(t => (t.Fuzz.IsVariant ? t.Fuzz.Variant.ToOracle(t.Data.X, t.Data.GradOutput) : t.Fuzz.Case.ToOracle(t.Data.X, t.Data.GradOutput)) with { Id = t.Fuzz.Id });

    /// <summary>The breadth cases that PyTorch 1.13 can answer, with their data and output gradient.</summary>
    private static IEnumerable<OracleCase> BreadthOracleCases() =>
        Breadth.Value.Select(f => (Fuzz: f, X: f.Case.Input()))
            .Select(t => (t.Fuzz, t.X, Expected: t.Fuzz.Case.Reference(t.X)))
            .Where(t => t.Fuzz.Case.Op.TorchCanAnswer(t.Expected))
            .Select(t => t.Fuzz.Case.ToOracle(t.X, t.Fuzz.Case.GradOutput(t.Expected.Shape)) with { Id = t.Fuzz.Id });

    /// <summary>The case's input and output gradient (rounded into a variant's element type) and its reference.</summary>
    private static (float[] X, ReferenceResult Expected, float[] GradOutput) Prepare(FuzzCase fuzz)
    {
        var x = fuzz.IsVariant ? fuzz.Variant.Input() : fuzz.Case.Input();
        var expected = fuzz.Case.Reference(x);
        return (x, expected, fuzz.IsVariant ? fuzz.Variant.GradOutput(expected.Shape) : fuzz.Case.GradOutput(expected.Shape));
    }

    private static void CheckForward(ForwardCase c, float[] values, long[]? indices, double[] expected, long[] expectedIndices, double[] magnitudes, string what)
    {
        if (c.IsMax)
        {
            Expect.ExactMax(values, indices, expected, expectedIndices, what);
        }
        else
        {
            Expect.CloseAverages(values, expected, magnitudes, what);
        }
    }

    /// <summary>The compact-index forward gives the same values, and its indices convert to the reference's.</summary>
    private static void CheckCompactForward(ForwardCase c, PoolingEngine engine, float[] x, ReferenceResult expected)
    {
        using var input = engine.Upload<float>(x, c.Shape);
        using var values = Poison.Values(engine, expected.Shape);
        using var compact = c.ForwardCompact(engine, input, values);
        using var torch = Poison.Indices(engine, expected.Shape);
        engine.ToTorchIndices(compact, torch);
        Expect.ExactMax(values.ToArray(), torch.ToArray(), expected.Values, expected.Indices, $"{c.Name} compact forward, converted");
    }

    private static IndexForm[] Forms(ForwardCase c) => c.IsMax ? [IndexForm.Torch, IndexForm.Compact] : [IndexForm.Torch];

    private static long[] Dims(TensorShape shape) => shape.Rank == 3 ? [shape.C, shape.H, shape.W] : [shape.N, shape.C, shape.H, shape.W];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
