using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Fractional max pooling over the caller's samples (PyTorch's <c>_random_samples</c>), in every
/// element type and layout, against the float64 reference and PyTorch given the same samples:
/// samples at the edges of [0, 1), one that float32 and float64 arithmetic make into different
/// windows, samples for more batches than the input has, and samples outside [0, 1) whose windows
/// PyTorch still keeps in the input. The seed's samples, given, give the seeded call's bits; and
/// samples that PyTorch has no defined windows for (NaN, infinities, 1e30) keep every window in the
/// input here.
/// </summary>
public sealed class FractionalSampleTests
{
    /// <summary>
    /// A float32 sample whose windows differ in float32 and float64 arithmetic: over 18 inputs with
    /// kernel 2 and 15 outputs, output 9 starts at 11 in float32 and at 10 in float64 (found by a
    /// search; PyTorch 1.13 on the CPU agrees).
    /// </summary>
    private const double Disagreeing = 0.6249997615814209;

    /// <summary>Samples outside [0, 1) for which PyTorch's formula still keeps every window of <see cref="Outside"/> in the input.</summary>
    private static readonly double[] OutsideButDefined = [1.5, -0.25, 3.9, -0.9, 7.25, 100.5, -3.5, 1, 2, 0.5, 0.999, 0.25];

    private static readonly (ElementType, TensorLayout)[] Variants =
        [.. from e in Enum.GetValues<ElementType>() from l in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast } select (e, l)];

    private static readonly FractionalOp Plane = FractionalOp.Of(new FractionalMaxPool2dOptions(2) { OutputSize = (15, 6) }, new TensorShape(2, 3, 18, 9));

    private static readonly FractionalOp Volume = FractionalOp.Of(new FractionalMaxPool3dOptions((2, 2, 3)) { OutputSize = (15, 3, 4) }, TensorShape.Of3d(1, 2, 18, 5, 7));

    private static readonly FractionalOp Unbatched = FractionalOp.Of(new FractionalMaxPool2dOptions((3, 2)) { OutputRatio = (0.6, 0.5) }, new TensorShape(2, 9, 8));

    private static readonly FractionalOp Outside = FractionalOp.Of(new FractionalMaxPool2dOptions(2) { OutputSize = 5 }, new TensorShape(1, 6, 9, 9));

    /// <summary>
    /// Each op in each element type and layout, with samples of the type: the plane (2D) gets 0 and
    /// <see cref="Disagreeing"/> (along H, 18 rows to 15) in its first plane, the type's largest
    /// value below 1 in its second, and a batch more than the input; the volume gets the
    /// disagreeing sample along D; the rest are random. And the samples outside [0, 1) in float32
    /// and float64.
    /// </summary>
    public static IReadOnlyList<PoolCase> Cases { get; } =
    [
        .. from v in Variants.Select((v, i) => (v.Item1, v.Item2, i))
           from op in new[] { Plane, Volume, Unbatched }
           let samples = Samples(op, v.Item1, op == Plane ? [0, Disagreeing, LargestBelow1(v.Item1), 0] : op == Volume ? [Disagreeing, 0, LargestBelow1(v.Item1)] : [])
           select new PoolCase(op.WithSamples(samples, v.Item1 == ElementType.Float64), op.Input, Enum.GetValues<DataKind>()[v.i % 4], v.Item1, v.Item2),
        .. from e in new[] { ElementType.Float32, ElementType.Float64 }
           select new PoolCase(Outside.WithSamples(OutsideButDefined, e == ElementType.Float64), Outside.Input, DataKind.Ties, e),
    ];


    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Cases.Select(c =>
        {
            var x = c.Input();
            return c.ToOracle(x, c.GradOutput(c.Reference(x).Shape));
        })]).ToDictionary(r => r.Id));

    private static IEnumerable<TestCaseData> All => Cases.Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(All))]
    public void MatchesReference(PoolCase c) => PoolChecks.AgainstReference(c, TestEngine.Instance);

    [TestCaseSource(nameof(All))]
    public void MatchesPyTorchGivenTheSameSamples(PoolCase c)
    {
        TorchOracle.RequireAvailable();
        PoolChecks.AgainstPyTorch(c, Torch.Value[c.Name], TestEngine.Instance);
    }

    [Test]
    public void TheDisagreeingSampleTakesFloat32AndFloat64ToTheirOwnWindows()
    {
        var single = Cases.First(c => c.Op is FractionalOp { Plane: not null, Input.N: 2 } && c.Element == ElementType.Float32);
        var wide = single with { Op = ((FractionalOp)single.Op).WithSamples(((FractionalOp)single.Op).Given!, inDouble: true), Element = ElementType.Float64 };
        var x = single.Input();
        var (_, singleIndices) = single.Run(TestEngine.Instance, x, single.Reference(x).Shape);
        var (_, wideIndices) = wide.Run(TestEngine.Instance, x, wide.Reference(x).Shape);

        Assert.That(single.Reference(x).Indices, Is.Not.EqualTo(wide.Reference(x).Indices), "the sample gives other windows in float64");
        Assert.That(singleIndices, Is.EqualTo(single.Reference(x).Indices).AsCollection, "float32 windows");
        Assert.That(wideIndices, Is.EqualTo(wide.Reference(x).Indices).AsCollection, "float64 windows");
    }

    [TestCase(ElementType.Float32)]
    [TestCase(ElementType.Float64)]
    public void TheSeedsSamplesGivenGiveTheSeededCallsBits(ElementType element)
    {
        foreach (var seeded in new[] { Plane, Volume, Unbatched })
        {
            var drawn = new PoolCase(seeded, seeded.Input, DataKind.Ties, element, TensorLayout.ChannelsLast);
            var given = drawn with { Op = seeded.WithSamples(seeded.Samples, element == ElementType.Float64) };
            var x = drawn.Input();
            var output = drawn.Reference(x).Shape;
            var (drawnValues, drawnIndices) = drawn.Run(TestEngine.Instance, x, output);
            var (givenValues, givenIndices) = given.Run(TestEngine.Instance, x, output);

            Assert.That(PoolChecks.Bits(givenValues), Is.EqualTo(PoolChecks.Bits(drawnValues)).AsCollection, seeded.Name);
            Assert.That(givenIndices, Is.EqualTo(drawnIndices).AsCollection, seeded.Name);
        }
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    [TestCase(1e30)]
    [TestCase(-1e30)]
    public void SamplesWithoutPyTorchWindowsKeepEveryWindowInTheInput(double sample)
    {
        var engine = TestEngine.Instance;
        var input = Outside.Input;
        var x = TestData.Make(input.Length, DataKind.Random, 11);
        var g = TestData.Make(Outside.Output(input).Length, DataKind.Random, 12);
        using var tensor = engine.Upload<float>(x, input);
        using var samples = engine.Upload<float>([.. Enumerable.Repeat((float)sample, (int)input.Planes * 2)], TensorShape.Of1d(1, input.C, 2));
        using var result = engine.FractionalMaxPool2dWithIndices(tensor, Outside.Plane!, samples: samples);
        using var gradOutput = engine.Upload<float>(g, result.Output.Shape);
        using var gradInput = Poison.Values(engine, input);
        engine.FractionalMaxPool2dBackward(gradOutput, result.Indices, Outside.Plane!, gradInput, samples: samples);

        var values = result.Output.ToArray();
        var indices = result.Indices.ToArray();
        var grad = gradInput.ToArray();
        long planeOut = result.Output.Shape.PlaneLength;
        Assert.Multiple(() =>
        {
            for (int o = 0; o < indices.Length; o++)
            {
                Assert.That(indices[o], Is.InRange(0, input.PlaneLength - 1), $"output {o}'s index");
                Assert.That(values[o], Is.EqualTo(x[o / planeOut * input.PlaneLength + indices[o]]), $"output {o}'s value is its index's");
            }

            for (int plane = 0; plane < input.Planes; plane++)
            {
                double sent = g.Skip(plane * (int)planeOut).Take((int)planeOut).Sum(v => (double)v);
                double received = grad.Skip(plane * (int)input.PlaneLength).Take((int)input.PlaneLength).Sum(v => (double)v);
                Assert.That(received, Is.EqualTo(sent).Within(1e-4), $"plane {plane}: backward sends each output's gradient to its index");
            }
        });
    }

    [Test]
    public void ASeedGivesTheSameWindowsEveryTimeAndOtherSeedsOtherOnes()
    {
        var engine = TestEngine.Instance;
        var input = new TensorShape(2, 4, 12, 12);
        using var x = engine.Upload<float>(TestData.Make(input.Length, DataKind.Random, 5), input);
        long[] Indices(ulong seed)
        {
            using var result = engine.FractionalMaxPool2dWithIndices(x, new FractionalMaxPool2dOptions(2) { OutputSize = 7, Seed = seed });
            return result.Indices.ToArray();
        }

        var first = Indices(7);
        Assert.That(Indices(7), Is.EqualTo(first).AsCollection, "the same seed");
        Assert.That(Enumerable.Range(8, 3).Select(s => Indices((ulong)s)), Has.All.Not.EqualTo(first), "other seeds");
        var planes = first.Chunk(49).Select(p => string.Join(",", p.Select(i => i / 12)));
        Assert.That(planes.Distinct().Count(), Is.GreaterThan(1), "each plane draws its own rows");
    }

    /// <summary>
    /// Samples for every plane of <paramref name="op"/>'s input, and a batch more where the input is
    /// batched: random values of the type in [0, 1), after the <paramref name="first"/> ones given.
    /// </summary>
    private static double[] Samples(FractionalOp op, ElementType element, double[] first)
    {
        var random = new Random(TestData.SeedOf($"{op.Name} {element}"));
        long batches = op.Input.IsBatched ? op.Input.N + 1 : 1;
        return [.. Enumerable.Range(0, (int)(batches * op.Input.C * op.SpatialRank)).Select(i =>
        {
            double value = i < first.Length ? first[i] : random.NextDouble();
            return element == ElementType.Float64 ? value : Math.Min(element.Round((float)value), LargestBelow1(element));
        })];
    }

    private static double LargestBelow1(ElementType element) => 1 - Math.Pow(2, -(element.MantissaBits() + 1));
}
