using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Checks the PyTorch oracle itself, before any differential test relies on it.</summary>
[TestFixture]
public sealed class TorchOracleTests
{
    [SetUp]
    public void RequireTorch() => TorchOracle.RequireAvailable();

    [Test]
    public void RejectedCaseGetsPyTorchsErrorAndTheRestOfTheBatchRuns()
    {
        long[] shape = [1, 2, 5, 5];
        OracleCase MaxPool(string id, int padding) =>
            new(id, OracleOp.MaxPool2d, shape, RandomValues(shape, seed: padding), new OracleParams { KernelSize = 3, Stride = 1, Padding = padding });

        var results = TorchOracle.Run([MaxPool("before", 1), MaxPool("invalid", 2), MaxPool("after", 0)]);

        Assert.That(results.Select(r => r.Id), Is.EqualTo(new[] { "before", "invalid", "after" }));
        Assert.Multiple(() =>
        {
            // Both PyTorch 1.13's wording ("...of kernel size") and 2.x's ("...of effective kernel size") start so.
            Assert.That(results[1].Error, Does.StartWith("pad should be at most half of"));
            Assert.That(results[1].Output, Is.Empty);
            Assert.That(results[1].OutputShape, Is.Empty);
            Assert.That(results[0].Error, Is.Null);
            Assert.That(results[0].OutputShape, Is.EqualTo(new long[] { 1, 2, 5, 5 }));
            Assert.That(results[2].Error, Is.Null);
            Assert.That(results[2].OutputShape, Is.EqualTo(new long[] { 1, 2, 3, 3 }));
        });
    }

    [Test]
    public void FailureOfTheWholeBatchThrowsWithPythonsStderr()
    {
        long[] shape = [1, 1, 2, 2];
        OracleCase valid = new("valid", OracleOp.GlobalAvgPool2d, shape, RandomValues(shape, seed: 1), new OracleParams());

        var error = Assert.Throws<InvalidOperationException>(() => TorchOracle.Run([valid], device: "no-such-device"));

        Assert.That(error?.Message, Does.Contain("exited with code").And.Contain("no-such-device"));
    }

    [Test]
    public void OutputShapesMatchTheOptionsShapeRule()
    {
        var expected = new Dictionary<string, TensorShape?>();
        var cases = new List<OracleCase>();
        foreach (long[] shape in new[] { new long[] { 1, 2, 5, 7 }, [2, 6, 4] })
        {
            TensorShape input = shape.Length == 3 ? new(shape[0], shape[1], shape[2]) : new(shape[0], shape[1], shape[2], shape[3]);
            float[] values = RandomValues(shape, seed: shape.Length);
            foreach (var (kernel, stride, padding, dilation, ceil) in ShapeGrid())
            {
                var max = new MaxPool2dOptions(kernel) { Stride = stride, Padding = padding, Dilation = dilation, CeilMode = ceil };
                string maxId = $"max {input} {max}";
                expected[maxId] = ShapeOrNull(() => max.OutputShape(input));
                cases.Add(new(maxId, OracleOp.MaxPool2d, shape, values, OracleParams.MaxPool(max)));
                if (dilation == 1)
                {
                    var avg = new AvgPool2dOptions(kernel) { Stride = stride, Padding = padding, CeilMode = ceil };
                    string avgId = $"avg {input} {avg}";
                    expected[avgId] = ShapeOrNull(() => avg.OutputShape(input));
                    cases.Add(new(avgId, OracleOp.AvgPool2d, shape, values, OracleParams.AvgPool(avg)));
                }
            }
        }

        var results = TorchOracle.Run(cases);

        Assert.That(expected.Values, Has.Some.Null, "the grid should hold inputs too small for the window");
        Assert.Multiple(() =>
        {
            foreach (OracleResult result in results)
            {
                if (expected[result.Id] is TensorShape shape)
                {
                    Assert.That(result.Error, Is.Null, result.Id);
                    Assert.That(result.OutputShape, Is.EqualTo(Dims(shape)), result.Id);
                    Assert.That(result.Output, Has.Length.EqualTo(shape.Length), result.Id);
                }
                else
                {
                    Assert.That(result.Error, Does.Contain("Output size is too small"), result.Id);
                }
            }
        });
    }

    [TestCaseSource(nameof(TilingAverages))]
    public void AverageOverTilingWindowsConservesTheGradientSum(string op, OracleParams parameters, long[] shape, long[] outputShape)
    {
        float[] gradOutput = RandomValues(outputShape, seed: 7, min: 0.5f);

        var result = TorchOracle.Run([new(op, op, shape, RandomValues(shape, seed: 3), parameters, gradOutput)]).Single();

        Assert.That(result.Error, Is.Null);
        Assert.That(result.OutputShape, Is.EqualTo(outputShape));
        Assert.That(result.GradInput, Has.Length.EqualTo(Product(shape)));
        double expectedSum = gradOutput.Sum(g => (double)g);
        Assert.That(result.GradInput!.Sum(g => (double)g), Is.EqualTo(expectedSum).Within(1e-5 * expectedSum));
    }

    [TestCaseSource(nameof(MaxOps))]
    public void MaxIndicesPointAtTheOutputAndCarryTheGradient(string op, OracleParams parameters, long[] shape, long[] outputShape)
    {
        float[] input = RandomValues(shape, seed: 11);
        float[] gradOutput = RandomValues(outputShape, seed: 13);

        var result = TorchOracle.Run([new(op, op, shape, input, parameters, gradOutput)]).Single();

        Assert.That(result.Error, Is.Null);
        Assert.That(result.OutputShape, Is.EqualTo(outputShape));
        Assert.That(result.Indices, Has.Length.EqualTo(result.Output.Length));
        long planeLength = shape[^1] * shape[^2];
        long outputPlaneLength = outputShape[^1] * outputShape[^2];
        var expectedGrad = new float[input.Length];
        Assert.Multiple(() =>
        {
            for (int i = 0; i < result.Output.Length; i++)
            {
                long index = result.Indices![i];
                Assert.That(index, Is.InRange(0, planeLength - 1), $"index {i}");

                // Clamped so that a bad index is reported by the assertion above, not by an IndexOutOfRangeException.
                long source = (i / outputPlaneLength * planeLength) + Math.Clamp(index, 0, planeLength - 1);
                Assert.That(input[source], Is.EqualTo(result.Output[i]), $"value at index {i}");
                expectedGrad[source] += gradOutput[i];
            }
        });
        Assert.That(result.GradInput, Is.EqualTo(expectedGrad).Within(1e-5));
    }

    private static IEnumerable<(int Kernel, int Stride, int Padding, int Dilation, bool Ceil)> ShapeGrid() =>
        from kernel in Enumerable.Range(1, 4)
        from stride in Enumerable.Range(1, 3)
        from padding in Enumerable.Range(0, (kernel / 2) + 1) // PyTorch 1.13 allows pad <= kernel/2 only
        from dilation in Enumerable.Range(1, 2)
        from ceil in new[] { false, true }
        select (kernel, stride, padding, dilation, ceil);

    private static IEnumerable<TestCaseData> TilingAverages()
    {
        yield return Case(OracleOp.AvgPool2d, "k2 s2", new OracleParams { KernelSize = 2, Stride = 2 }, new long[] { 2, 3, 6, 8 }, new long[] { 2, 3, 3, 4 });

        // 7x11 leaves the last row and the last column in no window: they get no gradient, and the sum is kept.
        yield return Case(OracleOp.AvgPool2d, "k3x2 s3x2", new OracleParams { KernelSize = (3, 2), Stride = (3, 2) }, new long[] { 2, 7, 11 }, new long[] { 2, 2, 5 });
        yield return Case(OracleOp.AdaptiveAvgPool2d, "out 3x4", new OracleParams { OutputSize = (3, 4) }, new long[] { 1, 2, 6, 8 }, new long[] { 1, 2, 3, 4 });
        yield return Case(OracleOp.GlobalAvgPool2d, "to 1x1", new OracleParams(), new long[] { 3, 4, 5, 7 }, new long[] { 3, 4, 1, 1 });
    }

    private static IEnumerable<TestCaseData> MaxOps()
    {
        yield return Case(OracleOp.MaxPool2d, "k3 s2 p1", new OracleParams { KernelSize = 3, Stride = 2, Padding = 1, ReturnIndices = true }, new long[] { 2, 3, 7, 9 }, new long[] { 2, 3, 4, 5 });
        yield return Case(OracleOp.MaxPool2d, "k2 s2 d2 ceil", new OracleParams { KernelSize = 2, Stride = 2, Dilation = 2, CeilMode = true, ReturnIndices = true }, new long[] { 3, 6, 5 }, new long[] { 3, 3, 2 });
        yield return Case(OracleOp.AdaptiveMaxPool2d, "out 3x4", new OracleParams { OutputSize = (3, 4), ReturnIndices = true }, new long[] { 2, 2, 7, 9 }, new long[] { 2, 2, 3, 4 });
        yield return Case(OracleOp.GlobalMaxPool2d, "to 1x1", new OracleParams { ReturnIndices = true }, new long[] { 2, 5, 4, 6 }, new long[] { 2, 5, 1, 1 });
    }

    // Readable test names: the op, its parameters and the input shape, not the records' ToString.
    private static TestCaseData Case(string op, string label, OracleParams parameters, long[] shape, long[] outputShape) =>
        new TestCaseData(op, parameters, shape, outputShape).SetArgDisplayNames(op, label, $"[{string.Join(", ", shape)}]");

    private static TensorShape? ShapeOrNull(Func<TensorShape> outputShape)
    {
        try
        {
            return outputShape();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long[] Dims(TensorShape shape) => shape.Rank == 3 ? [shape.C, shape.H, shape.W] : [shape.N, shape.C, shape.H, shape.W];

    private static long Product(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    private static float[] RandomValues(long[] shape, int seed, float min = -1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, (int)Product(shape)).Select(_ => min + (random.NextSingle() * (1f - min)))];
    }
}
