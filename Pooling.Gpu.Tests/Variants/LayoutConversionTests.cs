using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Conversion between channels-first and channels-last, against the host reordering.</summary>
public sealed class LayoutConversionTests
{
    private static IEnumerable<TensorShape> Shapes =>
    [
        new(2, 3, 5, 7), new(3, 4, 6), new(1, 1, 1, 1), new(0, 3, 2, 2), TensorShape.Of1d(2, 5, 9), TensorShape.Of3d(2, 3, 4, 2, 5), TensorShape.Unbatched3d(2, 3, 2, 2),
    ];

    [TestCaseSource(nameof(Shapes))]
    public void ConvertsBothWaysLikeTheHostReordering(TensorShape shape)
    {
        var engine = TestEngine.Instance;
        var logical = TestData.Make(shape.Length, DataKind.Special, TestData.SeedOf(shape.ToString()));
        using var first = engine.Upload<float>(logical, shape);
        using var last = engine.ToLayout(first, TensorLayout.ChannelsLast);
        Assert.That(last.Shape, Is.EqualTo(shape.WithLayout(TensorLayout.ChannelsLast)));
        Assert.That(last.ToArray(), Is.EqualTo(Layouts.ToLayout(logical, shape, TensorLayout.ChannelsLast)).AsCollection);

        using var back = Poison.Values(engine, shape);
        engine.ConvertLayout(last, back);
        Assert.That(back.ToArray(), Is.EqualTo(logical).AsCollection);

        using var copy = engine.ToLayout(last, TensorLayout.ChannelsLast);
        Assert.That(copy.ToArray(), Is.EqualTo(last.ToArray()).AsCollection, "same layout: a copy");
    }

    [Test]
    public void AnotherLogicalShapeIsRefused()
    {
        var engine = TestEngine.Instance;
        using var input = engine.Upload<float>(new float[24], new TensorShape(1, 2, 3, 4));
        using var output = Poison.Values(engine, new TensorShape(1, 2, 4, 3).WithLayout(TensorLayout.ChannelsLast));
        OptionValidationTests.AssertRejected(
            () => engine.ConvertLayout(input, output), "output", "output has shape [1, 2, 4, 3] channels-last, but a layout conversion of an input of shape [1, 2, 3, 4] gives [1, 2, 3, 4] channels-last.");
        Assert.That(output.ToArray(), Is.All.EqualTo(Poison.Value));
    }
}
