using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Fractional max pooling layers without samples: as PyTorch draws fresh samples on every call,
/// each forward call pools over windows drawn from a seed of its own (the options' first, then one
/// more per call), and its backward over the same windows, also when one layer object serves two
/// places of a pass, backward in the reverse order. The engine's calls with those seeds give the
/// same bits, each call's output lasts the step, and a step like the last allocates no device memory.
/// </summary>
public sealed class FractionalLayerTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var plane = new FractionalMaxPool2dOptions(2) { OutputRatio = 0.5, Seed = 11 };
        var volume = new FractionalMaxPool3dOptions(2) { OutputRatio = 0.6, Seed = 12 };
        var planeShape = new TensorShape(2, 3, 9, 11);
        var volumeShape = TensorShape.Of3d(1, 2, 7, 8, 9);
        return new Drawing[]
        {
            new("FractionalMaxPool2d", e => new FractionalMaxPool2d<float>(e, plane), seed => FractionalOp.Of(plane with { Seed = seed }, planeShape)),
            new("FractionalMaxPool3d", e => new FractionalMaxPool3d<float>(e, volume), seed => FractionalOp.Of(volume with { Seed = seed }, volumeShape)),
        }.Select(d => new TestCaseData(d).SetName($"{d.Name} draws"));
    }

    [TestCaseSource(nameof(Cases))]
    public void EachCallDrawsWindowsOfItsOwnAndItsBackwardUsesThem(Drawing d)
    {
        var engine = TestEngine.Instance;
        using var layer = d.Make(engine);
        ulong first = layer.NextSeed;
        var shape = d.OpOf(first).Input;
        var outputShape = d.OpOf(first).Output(shape);
        using var input = engine.Upload<float>(TestData.Make(shape.Length, DataKind.Special, TestData.SeedOf(d.Name)), shape);
        using var gradA = engine.Upload<float>(TestData.Make(outputShape.Length, DataKind.Random, TestData.SeedOf(d.Name + " a")), outputShape);
        using var gradB = engine.Upload<float>(TestData.Make(outputShape.Length, DataKind.Random, TestData.SeedOf(d.Name + " b")), outputShape);

        long allocations = 0;
        int[]? stepZero = null;
        for (int step = 0; step < 3; step++)
        {
            var a = layer.Forward(input);
            var (valuesA, indicesA) = (a.ToArray(), layer.Indices!.ToArray());
            var b = layer.Forward(input);
            var (valuesB, indicesB) = (b.ToArray(), layer.Indices!.ToArray());
            var gradInputB = layer.Backward(gradB).ToArray();
            var gradInputA = layer.Backward(gradA).ToArray();
            ulong seed = first + (ulong)(2 * step);
            var expectedA = EngineStep(engine, d.OpOf(seed), input, gradA);
            var expectedB = EngineStep(engine, d.OpOf(seed + 1), input, gradB);
            allocations = step == 0 ? layer.DeviceAllocations : allocations;
            stepZero ??= Bits(valuesA);
            Assert.Multiple(() =>
            {
                Assert.That(Bits(valuesA), Is.EqualTo(Bits(expectedA.Output)).AsCollection, $"step {step}: first call, seed {seed}");
                Assert.That(indicesA, Is.EqualTo(expectedA.Indices).AsCollection, $"step {step}: first call's indices");
                Assert.That(Bits(gradInputA), Is.EqualTo(Bits(expectedA.GradInput)).AsCollection, $"step {step}: first call's gradient, over its own windows");
                Assert.That(Bits(valuesB), Is.EqualTo(Bits(expectedB.Output)).AsCollection, $"step {step}: second call, seed {seed + 1}");
                Assert.That(indicesB, Is.EqualTo(expectedB.Indices).AsCollection, $"step {step}: second call's indices");
                Assert.That(Bits(gradInputB), Is.EqualTo(Bits(expectedB.GradInput)).AsCollection, $"step {step}: second call's gradient");
                Assert.That(indicesB, Is.Not.EqualTo(indicesA).AsCollection, $"step {step}: the second call drew other windows");
                Assert.That(Bits(a.ToArray()), Is.EqualTo(Bits(valuesA)).AsCollection, $"step {step}: the first call's output lasts the step");
                Assert.That(layer.NextSeed, Is.EqualTo(seed + 2), $"step {step}: each call takes one seed");
                Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), $"step {step}: device allocations after step 0");
            });
        }

        layer.NextSeed = first;
        Assert.That(Bits(layer.Forward(input).ToArray()), Is.EqualTo(stepZero).AsCollection, "the first seed again draws step 0's first windows");
    }

    private static (float[] Output, long[] Indices, float[] GradInput) EngineStep(PoolingEngine engine, FractionalOp op, DeviceTensor<float> input, DeviceTensor<float> gradOutput)
    {
        using var output = Poison.Values(engine, gradOutput.Shape);
        using var indices = Poison.Indices(engine, gradOutput.Shape);
        using var gradInput = Poison.Values(engine, input.Shape);
        op.Forward(engine, input, output, indices);
        op.Backward(engine, input, gradOutput, gradInput, IndexForm.Torch);
        return (output.ToArray(), indices.ToArray(), gradInput.ToArray());
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>A fractional layer without samples, and the engine's op with a seed.</summary>
    public sealed record Drawing(string Name, Func<PoolingEngine, FractionalMaxPoolLayer<float>> Make, Func<ulong, FractionalOp> OpOf)
    {
        public override string ToString() => Name;
    }
}
