namespace Pooling.Gpu;

/// <summary>
/// The per-axis values of an option's size type: <see cref="int"/> for 1D (the W axis), <see cref="Size2"/>
/// for 2D (H, W) and <see cref="Size3"/> for 3D (D, H, W), so that the options of every rank share one definition;
/// and of a ratio type (<see cref="Ratio2"/>, <see cref="Ratio3"/>).
/// </summary>
internal static class SpatialSize
{
    /// <summary>The spatial rank of <typeparamref name="TSize"/>.</summary>
    internal static int Rank<TSize>()
        where TSize : struct =>
        typeof(TSize) == typeof(int) ? 1
        : typeof(TSize) == typeof(Size2) ? 2
        : typeof(TSize) == typeof(Size3) ? 3
        : throw new NotSupportedException($"{typeof(TSize).Name} is not a spatial size.");

    /// <summary>PyTorch's name of the op of <paramref name="family"/> in <typeparamref name="TSize"/>'s rank: <c>avg_pool</c> in <see cref="Size2"/> is <c>avg_pool2d</c>.</summary>
    internal static string OpName<TSize>(string family)
        where TSize : struct => $"{family}{Rank<TSize>()}d";

    /// <summary>The values along D, H and W; <paramref name="unused"/> for the axes the rank lacks.</summary>
    internal static (int D, int H, int W) Values<TSize>(TSize size, int unused)
        where TSize : struct => size switch
        {
            int length => (unused, unused, length),
            Size2 s => (unused, s.Height, s.Width),
            Size3 s => (s.Depth, s.Height, s.Width),
            _ => throw new NotSupportedException($"{typeof(TSize).Name} is not a spatial size."),
        };

    /// <summary>The ratios along D, H and W of a <see cref="Ratio2"/> (D unused: 1) or <see cref="Ratio3"/>.</summary>
    internal static (double D, double H, double W) Ratios<TRatio>(TRatio ratio)
        where TRatio : struct => ratio switch
        {
            Ratio2 r => (1, r.Height, r.Width),
            Ratio3 r => (r.Depth, r.Height, r.Width),
            _ => throw new NotSupportedException($"{typeof(TRatio).Name} is not a spatial ratio."),
        };
}
