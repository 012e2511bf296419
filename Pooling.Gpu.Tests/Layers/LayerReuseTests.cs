using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One layer object used twice in a pass, as PyTorch's CIFAR-10 tutorial uses one <c>self.pool</c>
/// after two convolutions: on its own output (a chain, <c>pool(pool(x))</c>) and on two inputs of
/// different shapes. It gives the bits of two separate layers, each call's output stays as it was
/// until the step ends, a step like the last allocates no device memory, and the chain matches
/// the float64 reference (and PyTorch's autograd, in LayerTorchTests). Also in inference.
/// </summary>
public sealed class LayerReuseTests
{
    private static IEnumerable<TestCaseData> Chaining => LayerCases.Data(LayerCases.Chaining);

    private static IEnumerable<TestCaseData> All => LayerCases.Data(LayerCases.All);

    [TestCaseSource(nameof(Chaining))]
    public void TwiceInAChainIsTwoLayers(LayerCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input(c.Shape);
        var reference = LayerChain.Reference(c, x);
        var g = c.GradOutput(reference.Output.Shape);
        using var input = engine.Upload<float>(x, c.Shape);
        using var gradOutput = engine.Upload<float>(g, reference.Output.Shape);
        using var first = c.Make(engine);
        using var second = c.Make(engine);
        var twoLayers = LayerChain.Run(first, second, input, gradOutput);
        Expect.CloseAverages(twoLayers.GradInput, reference.GradInput.Values, reference.GradInput.Magnitudes, "two layers: gradient of the input");

        using var layer = c.Make(engine);
        long allocations = 0;
        for (int step = 0; step < 3; step++)
        {
            var oneLayer = LayerChain.Run(layer, layer, input, gradOutput);
            allocations = step == 0 ? layer.DeviceAllocations : allocations;
            Assert.Multiple(() =>
            {
                Assert.That(Bits(oneLayer.Once), Is.EqualTo(Bits(twoLayers.Once)).AsCollection, $"step {step}: first output");
                Assert.That(Bits(oneLayer.Twice), Is.EqualTo(Bits(twoLayers.Twice)).AsCollection, $"step {step}: second output");
                Assert.That(Bits(oneLayer.OnceAtTheEnd), Is.EqualTo(Bits(oneLayer.Once)).AsCollection, $"step {step}: the first output lasts the step");
                Assert.That(Bits(oneLayer.GradOnce), Is.EqualTo(Bits(twoLayers.GradOnce)).AsCollection, $"step {step}: gradient of the first output");
                Assert.That(Bits(oneLayer.GradInput), Is.EqualTo(Bits(twoLayers.GradInput)).AsCollection, $"step {step}: gradient of the input");
                Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), $"step {step}: device allocations after step 0");
            });
        }

        c.ExpectOutput(twoLayers.Twice, reference.Output, "the chain's output");
    }

    [TestCaseSource(nameof(All))]
    public void OnTwoInputsIsTwoLayers(LayerCase c)
    {
        var engine = TestEngine.Instance;
        using var a = engine.Upload<float>(c.Input(c.Shape), c.Shape);
        using var b = engine.Upload<float>(c.Input(c.Other), c.Other);
        using var indicesA = c.UploadIndices(engine, c.Shape);
        using var indicesB = c.UploadIndices(engine, c.Other);
        using var first = c.Make(engine);
        using var second = c.Make(engine);
        var outputA = LayerCase.Forward(first, a, indicesA);
        var outputB = LayerCase.Forward(second, b, indicesB);
        using var gradA = engine.Upload<float>(c.GradOutput(outputA.Shape), outputA.Shape);
        using var gradB = engine.Upload<float>(c.GradOutput(outputB.Shape), outputB.Shape);
        var expected = (A: outputA.ToArray(), B: outputB.ToArray(), GradB: second.Backward(gradB).ToArray(), GradA: first.Backward(gradA).ToArray());

        using var layer = c.Make(engine);
        long allocations = 0;
        for (int step = 0; step < 3; step++)
        {
            var (onceA, onceB) = (LayerCase.Forward(layer, a, indicesA), LayerCase.Forward(layer, b, indicesB));
            var (gradInputB, gradInputA) = (layer.Backward(gradB), layer.Backward(gradA));
            allocations = step == 0 ? layer.DeviceAllocations : allocations;
            Assert.Multiple(() =>
            {
                Assert.That(Bits(onceA.ToArray()), Is.EqualTo(Bits(expected.A)).AsCollection, $"step {step}: first call's output, after both backward calls");
                Assert.That(Bits(onceB.ToArray()), Is.EqualTo(Bits(expected.B)).AsCollection, $"step {step}: second call's output");
                Assert.That(Bits(gradInputB.ToArray()), Is.EqualTo(Bits(expected.GradB)).AsCollection, $"step {step}: second call's gradient");
                Assert.That(Bits(gradInputA.ToArray()), Is.EqualTo(Bits(expected.GradA)).AsCollection, $"step {step}: first call's gradient");
                Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), $"step {step}: device allocations after step 0");
            });
        }
    }

    [TestCaseSource(nameof(Chaining))]
    public void TwiceInAChainInInferenceAllocatesOnlyInTheFirstPass(LayerCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input(c.Shape);
        var expected = LayerChain.Reference(c, x).Output;
        using var input = engine.Upload<float>(x, c.Shape);
        using var layer = c.Make(engine);
        layer.Training = false;
        long allocations = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            var twice = LayerCase.Forward(layer, LayerCase.Forward(layer, input, null), null);
            c.ExpectOutput(twice.ToArray(), expected, $"pass {pass}");
            allocations = pass == 0 ? layer.DeviceAllocations : allocations;
            Assert.That(layer.DeviceAllocations, Is.EqualTo(allocations), $"pass {pass}: device allocations after pass 0");
        }
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
