namespace Pooling.Gpu;

/// <summary>
/// An adaptive pooling's name, spatial rank and requested output size: null along a dimension
/// keeps the input's size there (PyTorch's None); the dims the rank lacks are 1.
/// </summary>
internal readonly record struct AdaptiveSize(string Op, int SpatialRank, int? D, int? H, int? W)
{
    internal static AdaptiveSize Of1d(string op, int length) => new(op, 1, 1, 1, length);

    internal static AdaptiveSize Of2d(string op, AdaptiveSize2 size) => new(op, 2, 1, size.Height, size.Width);

    internal static AdaptiveSize Of3d(string op, AdaptiveSize3 size) => new(op, 3, size.Depth, size.Height, size.Width);

    /// <summary>The output shape for <paramref name="input"/>, after PyTorch's checks.</summary>
    internal TensorShape OutputShape(TensorShape input) =>
        PoolingRules.AdaptiveOutputShape(input, (D ?? input.D, H ?? input.H, W ?? input.W), Op, SpatialRank);
}
