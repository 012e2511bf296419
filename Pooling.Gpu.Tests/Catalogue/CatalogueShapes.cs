namespace Pooling.Gpu.Tests;

/// <summary>
/// The shapes the catalogue derives from an argument's: one with an empty dim, one with another
/// channel count. Each keeps the argument's spatial rank, batching and layout, so that the call
/// fails on the rule being tested and not on a shape of the wrong rank.
/// </summary>
public static class CatalogueShapes
{
    /// <summary>The dims a pooling of this spatial rank needs non-empty, by PyTorch's letters (L for 1D).</summary>
    public static string[] NonBatchDims(int spatialRank) => spatialRank switch
    {
        1 => ["C", "L"],
        2 => ["C", "H", "W"],
        _ => ["C", "D", "H", "W"],
    };

    /// <summary>The shape with <paramref name="dim"/> (one of <see cref="NonBatchDims"/>) zero.</summary>
    public static TensorShape WithEmpty(TensorShape shape, string dim) => dim switch
    {
        "C" => WithChannels(shape, 0),
        "D" => shape.WithSpatial(0, shape.H, shape.W),
        "H" => shape.WithSpatial(shape.D, 0, shape.W),
        _ => shape.WithSpatial(shape.D, shape.H, 0),
    };

    /// <summary>The shape with <paramref name="channels"/> channels.</summary>
    public static TensorShape WithChannels(TensorShape shape, long channels) => (shape.SpatialRank switch
    {
        1 => shape.IsBatched ? TensorShape.Of1d(shape.N, channels, shape.W) : TensorShape.Unbatched1d(channels, shape.W),
        2 => shape.IsBatched ? new TensorShape(shape.N, channels, shape.H, shape.W) : new TensorShape(channels, shape.H, shape.W),
        _ => shape.IsBatched ? TensorShape.Of3d(shape.N, channels, shape.D, shape.H, shape.W) : TensorShape.Unbatched3d(channels, shape.D, shape.H, shape.W),
    }).WithLayout(shape.Layout);

    /// <summary>The shape of an argument: a <see cref="TensorShape"/> itself, or a tensor's of any element type.</summary>
    public static TensorShape Of(object argument) => argument as TensorShape?
        ?? (TensorShape)argument.GetType().GetProperty(nameof(DeviceTensor<float>.Shape))!.GetValue(argument)!;
}
