using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Adaptive output sizes with a dimension left unset (null, PyTorch's None) keep the input's size
/// there, and the forms callers wrote before (an int, a tuple of ints, a Size2 or Size3) still mean
/// what they meant. The values themselves are compared with the reference and PyTorch on the
/// case grid (cases named "->(null, 4)" and the like).
/// </summary>
public sealed class AdaptiveSizeTests
{
    [Test]
    public void EveryFormConvertsAsWritten()
    {
        Size2 size2 = (3, 4);
        Size3 size3 = (2, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That((AdaptiveSize2)7, Is.EqualTo(new AdaptiveSize2(7, 7)));
            Assert.That((AdaptiveSize2)(3, 4), Is.EqualTo(new AdaptiveSize2(3, 4)));
            Assert.That((AdaptiveSize2)size2, Is.EqualTo(new AdaptiveSize2(3, 4)));
            Assert.That((AdaptiveSize2)(null, 4), Is.EqualTo(new AdaptiveSize2(null, 4)));
            Assert.That((AdaptiveSize3)5, Is.EqualTo(new AdaptiveSize3(5, 5, 5)));
            Assert.That((AdaptiveSize3)size3, Is.EqualTo(new AdaptiveSize3(2, 3, 4)));
            Assert.That((AdaptiveSize3)(2, null, 4), Is.EqualTo(new AdaptiveSize3(2, null, 4)));
            Assert.That(new AdaptiveSize2(null, 4).ToString(), Is.EqualTo("(null, 4)"));
            Assert.That(new AdaptiveSize3(2, null, null).ToString(), Is.EqualTo("(2, null, null)"));
        });
    }

    [Test]
    public void AnUnsetDimensionKeepsTheInputsSize()
    {
        var engine = TestEngine.Instance;
        var shape = new TensorShape(1, 2, 5, 7);
        using var input = engine.Upload<float>(TestData.Make(shape.Length, DataKind.Random, 5), shape);
        using var keepH = engine.AdaptiveAvgPool2d(input, (null, 3));
        using var explicitH = engine.AdaptiveAvgPool2d(input, (5, 3));
        using var keepW = engine.AdaptiveMaxPool2d(input, (2, null));
        using var indices = engine.AllocateAdaptiveMaxPoolIndices(shape, (2, null));
        var volume = TensorShape.Unbatched3d(2, 3, 4, 5);
        using var volumeInput = engine.Upload<float>(TestData.Make(volume.Length, DataKind.Random, 6), volume);
        using var keepDW = engine.AdaptiveAvgPool3d(volumeInput, (null, 2, null));
        Assert.Multiple(() =>
        {
            Assert.That(keepH.Shape, Is.EqualTo(new TensorShape(1, 2, 5, 3)));
            Assert.That(keepH.ToArray(), Is.EqualTo(explicitH.ToArray()));
            Assert.That(keepW.Shape, Is.EqualTo(new TensorShape(1, 2, 2, 7)));
            Assert.That(indices.OutputShape, Is.EqualTo(keepW.Shape));
            Assert.That(keepDW.Shape, Is.EqualTo(TensorShape.Unbatched3d(2, 3, 2, 5)));
        });
    }
}
