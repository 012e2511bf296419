using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Integer max pooling on the whole grid, in every integer type and layout, against the exact
/// reference: values and PyTorch-form indices into poisoned buffers, the compact indices converted
/// to PyTorch's form, and the allocating form; global max pooling with a team of threads per
/// plane and with one; and PyTorch's own corner case.
/// </summary>
public sealed class IntegerReferenceTests
{
    private static IEnumerable<TestCaseData> All => IntegerCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> Global => IntegerCases.Global.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<IntegerType> Signed => Enum.GetValues<IntegerType>().Where(t => t.Min() < 0);

    [TestCaseSource(nameof(All))]
    public void MatchesReference(IntegerCase c) => Check(c, TestEngine.Instance);

    [TestCaseSource(nameof(Global))]
    public void OneThreadPerPlaneGivesTheSameResults(IntegerCase c)
    {
        using var engine = new PoolingEngine(TestEngine.Instance.Accelerator);
        engine.Dispatch.ReducesPlanesInGroups = false;
        Check(c, engine);
    }

    /// <summary>
    /// PyTorch's test_max_pool2d_corner_cases (int32, int64; both memory formats): padding acts as
    /// the type's lowest value, so the one input position each window reaches wins, -4 everywhere.
    /// </summary>
    [Test]
    public void PaddingNeverWinsInPyTorchsCornerCase([ValueSource(nameof(Signed))] IntegerType type, [Values] TensorLayout layout)
    {
        var c = new IntegerCase(MaxPoolOp.Of(new MaxPool2dOptions(2) { Stride = 2, Padding = 1, Dilation = 2, CeilMode = true }), new TensorShape(1, 1, 2, 2), IntegerDataKind.Random, type, layout);
        long[] x = [-1, -2, -3, -4];
        var expected = c.Reference(x);

        var (values, indices) = c.Run(TestEngine.Instance, x, expected.Output);

        Assert.That(values, Is.EqualTo(expected.Values));
        Assert.That(indices, Is.EqualTo(expected.Indices));
        Assert.That(values, Is.All.EqualTo(-4), "PyTorch's expected output");
    }

    [Test]
    public void GridCoversTheEdgesItClaims()
    {
        var cases = IntegerCases.All;
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "max_pool1d", "max_pool2d", "max_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "global_max_pool2d" })
            {
                Assert.That(cases.Count(c => c.Op.Name.StartsWith(name, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(10), name);
            }

            Assert.That(cases.Any(c => c.Reference(c.Input()).Indices.Contains(-1)), "a max window with no input position");
            Assert.That(cases.Any(c => c.Shape.N == 0), "N = 0");
            Assert.That(cases.Any(c => !c.Shape.IsBatched), "unbatched");
            Assert.That(cases.Any(c => c.Shape.C == 1), "C = 1");
            Assert.That(cases.Select(c => (c.Type, c.Data)).Distinct().Count(), Is.EqualTo(15), "every type meets every kind of data");
            Assert.That(cases.Any(c => c.Op.Windows(c.Shape) is var w && w.Output.Length > 0 && w.At(0, 0).Positions(c.Shape).Count() > 256), "4-byte compact indices");
        });
    }

    private static void Check(IntegerCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var expected = c.Reference(x);

        var (values, indices) = c.Run(engine, x, expected.Output);
        Assert.That(values, Is.EqualTo(expected.Values), "values");
        Assert.That(indices, Is.EqualTo(expected.Indices), "indices");

        var (compactValues, converted) = c.RunCompact(engine, x, expected.Output);
        Assert.That(compactValues, Is.EqualTo(expected.Values), "values (compact indices)");
        Assert.That(converted, Is.EqualTo(expected.Indices), "compact indices in PyTorch's form");

        Assert.That(c.RunAllocating(engine, x, expected.Output), Is.EqualTo(expected.Values), "allocating form");
    }
}
