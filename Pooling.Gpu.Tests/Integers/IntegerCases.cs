namespace Pooling.Gpu.Tests;

/// <summary>
/// The integer max pooling grid: max_pool1d/2d/3d with padding, dilation and ceil mode (windows
/// that hang over the padded edge, and one entirely in padding), adaptive max pooling in 1D, 2D
/// and 3D (sizes that do not divide, up-sampling), global max pooling (planes on both sides of the
/// team threshold), and windows over 256 positions (4-byte compact indices); N = 0, N = 1, C = 1,
/// unbatched. Every op and shape runs in every integer type and both layouts; the data kinds
/// rotate over ops, types and layouts, so that each type meets each kind, and int64 meets most ops
/// with data PyTorch 1.13 can answer for (<see cref="IntegerDataKind.Random"/>).
/// </summary>
public static class IntegerCases
{
    private static readonly IntegerDataKind[] Kinds = Enum.GetValues<IntegerDataKind>();

    private static readonly (PoolOp Op, TensorShape Shape)[] Ops =
    [
        (MaxPoolOp.Of(new MaxPool1dOptions(3) { Stride = 2, Padding = 1 }), TensorShape.Of1d(2, 3, 9)),
        (MaxPoolOp.Of(new MaxPool1dOptions(2) { Dilation = 2, Padding = 1, CeilMode = true }), TensorShape.Unbatched1d(2, 8)),
        (MaxPoolOp.Of(new MaxPool1dOptions(2) { Dilation = 3, Padding = 1, Stride = 1 }), TensorShape.Of1d(1, 2, 2)),
        (MaxPoolOp.Of(new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }), new TensorShape(2, 3, 7, 6)),
        (MaxPoolOp.Of(new MaxPool2dOptions(2) { Stride = 2, Padding = 1, Dilation = 2, CeilMode = true }), new TensorShape(1, 2, 5, 4)),
        (MaxPoolOp.Of(new MaxPool2dOptions((3, 2)) { Stride = (2, 1), Padding = (1, 0), Dilation = (1, 2) }), new TensorShape(3, 5, 7)),
        (MaxPoolOp.Of(new MaxPool2dOptions((2, 3)) { Stride = 1, Padding = 1, Dilation = (3, 1) }), new TensorShape(1, 2, 2, 5)),
        (MaxPoolOp.Of(new MaxPool2dOptions(17)), new TensorShape(1, 1, 18, 17)),
        (MaxPoolOp.Of(new MaxPool2dOptions(2)), new TensorShape(0, 2, 4, 4)),
        (MaxPoolOp.Of(new MaxPool3dOptions((2, 3, 3)) { Stride = 2, Padding = (0, 1, 1) }), TensorShape.Of3d(1, 2, 4, 5, 6)),
        (MaxPoolOp.Of(new MaxPool3dOptions(2) { Dilation = (2, 1, 1), CeilMode = true }), TensorShape.Of3d(2, 1, 5, 4, 3)),
        (AdaptiveOp.Of1d(true, 4), TensorShape.Of1d(2, 3, 11)),
        (AdaptiveOp.Of1d(true, 5), TensorShape.Of1d(1, 2, 3)),
        (AdaptiveOp.Of1d(true, 1), TensorShape.Of1d(1, 2, 300)),
        (AdaptiveOp.Of2d(true, (3, 4)), new TensorShape(2, 2, 7, 9)),
        (AdaptiveOp.Of2d(true, (5, 2)), new TensorShape(2, 4, 5)),
        (AdaptiveOp.Of3d(true, (2, 3, 2)), TensorShape.Of3d(1, 2, 5, 7, 4)),
        (new GlobalOp(Max: true), new TensorShape(2, 3, 7, 9)),
        (new GlobalOp(Max: true), new TensorShape(3, 5, 2, 2)),
        (new GlobalOp(Max: true), new TensorShape(1, 1, 1, 1)),
        (new GlobalOp(Max: true), new TensorShape(1, 2, 20, 19)),
    ];

    public static IReadOnlyList<IntegerCase> All { get; } =
    [
        .. Ops.SelectMany((o, i) =>
            from type in Enum.GetValues<IntegerType>()
            from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
            select new IntegerCase(o.Op, o.Shape, Kinds[(i + (int)type + (int)layout) % Kinds.Length], type, layout)),
    ];

    /// <summary>The global max pooling cases (each plane reduced by a team of threads, or by one).</summary>
    public static IEnumerable<IntegerCase> Global => All.Where(c => c.Op is GlobalOp);
}
