using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every layer against PyTorch's op and autograd, and every layer that can take its own output
/// used twice in a chain against PyTorch's autograd of <c>op(op(x))</c> (one oracle batch): max
/// pooling and unpooling exact in values, and max pooling's indices in PyTorch's form equal
/// to PyTorch's; the rest and every gradient within two float32 roundings of the reference's scale.
/// </summary>
public sealed class LayerTorchTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([
            .. LayerCases.All.Select(c =>
            {
                var x = c.Input(c.Shape);
                var g = c.GradOutput(c.Reference(x, c.Shape).Shape);
                return new OracleCase(c.Name, c.TorchOp, c.Shape.Sizes(), x, c.TorchParams, g, Indices: c.IndexInput?.Invoke(c.Shape));
            }),
            .. LayerCases.Chaining.Select(c =>
            {
                var x = c.Input(c.Shape);
                var g = c.GradOutput(LayerChain.Reference(c, x).Output.Shape);
                return new OracleCase(Twice(c), c.TorchOp, c.Shape.Sizes(), x, c.TorchParams with { Twice = true }, g);
            }),
        ]).ToDictionary(r => r.Id));

    private static IEnumerable<TestCaseData> Cases => LayerCases.Data(LayerCases.All);

    private static IEnumerable<TestCaseData> Chaining => LayerCases.Data(LayerCases.Chaining);

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(LayerCase c)
    {
        var torch = Torch.Value[c.Name];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a call the layer accepts");
        var engine = TestEngine.Instance;
        var x = c.Input(c.Shape);
        var reference = c.Reference(x, c.Shape);
        Assert.That(c.Exact ? reference.Indices : [], Has.None.EqualTo(-1), "PyTorch 1.13 answers only max windows with an input position");
        Assert.That(torch.OutputShape, Is.EqualTo(reference.Shape.Sizes()), "output shape");
        using var input = engine.Upload<float>(x, c.Shape);
        using var indices = c.UploadIndices(engine, c.Shape);
        using var output = Poison.Values(engine, reference.Shape);
        using var gradOutput = engine.Upload<float>(c.GradOutput(reference.Shape), reference.Shape);
        using var gradInput = Poison.Values(engine, c.Shape);
        using var layer = c.Make(engine);
        LayerCase.Forward(layer, input, indices, output);
        if (c.Exact)
        {
            Expect.ExactMax(output.ToArray(), LayerCase.TorchIndices(layer, reference.Shape), torch.Output64, torch.Indices ?? [], "output vs PyTorch");
        }
        else
        {
            VariantExpect.Close(LayerChain.Doubles(output.ToArray()), torch.Output64, reference.Magnitudes, ElementType.Float32, "output vs PyTorch", roundings: 2);
        }

        layer.Backward(gradOutput, gradInput);
        var expected = c.ReferenceBackward(x, c.GradOutput(reference.Shape), c.Shape);
        VariantExpect.Close(LayerChain.Doubles(gradInput.ToArray()), torch.GradInput64!, expected.Magnitudes, ElementType.Float32, "gradient vs PyTorch autograd", roundings: 2);
    }

    [TestCaseSource(nameof(Chaining))]
    public void TwiceInAChainMatchesPyTorchAutograd(LayerCase c)
    {
        var torch = Torch.Value[Twice(c)];
        Assert.That(torch.Error, Is.Null, "PyTorch refused a chain the layer accepts");
        var engine = TestEngine.Instance;
        var x = c.Input(c.Shape);
        var reference = LayerChain.Reference(c, x);
        Assert.That(torch.OutputShape, Is.EqualTo(reference.Output.Shape.Sizes()), "output shape");
        using var input = engine.Upload<float>(x, c.Shape);
        using var gradOutput = engine.Upload<float>(c.GradOutput(reference.Output.Shape), reference.Output.Shape);
        using var layer = c.Make(engine);
        var ours = LayerChain.Run(layer, layer, input, gradOutput);
        if (c.Exact)
        {
            Expect.ExactMax(ours.Twice, null, torch.Output64, [], "output vs PyTorch");
        }
        else
        {
            VariantExpect.Close(LayerChain.Doubles(ours.Twice), torch.Output64, reference.Output.Magnitudes, ElementType.Float32, "output vs PyTorch", roundings: 2);
        }

        VariantExpect.Close(LayerChain.Doubles(ours.GradInput), torch.GradInput64!, reference.GradInput.Magnitudes, ElementType.Float32, "gradient vs PyTorch autograd", roundings: 2);
    }

    private static string Twice(LayerCase c) => c.Name + " twice";
}
