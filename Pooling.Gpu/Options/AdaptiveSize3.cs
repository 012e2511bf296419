namespace Pooling.Gpu;

/// <summary>
/// The output size (depth, height, width) of a 3D adaptive pooling, like PyTorch's
/// <c>_size_3_opt_t</c>: one int stands for all three, a tuple gives each, and
/// <see langword="null"/> (PyTorch's <c>None</c>) keeps the input's size along that dimension.
/// </summary>
/// <param name="Depth">The output's depth, at least 1; null for the input's.</param>
/// <param name="Height">The output's height, at least 1; null for the input's.</param>
/// <param name="Width">The output's width, at least 1; null for the input's.</param>
public readonly record struct AdaptiveSize3(int? Depth, int? Height, int? Width)
{
    /// <summary>The same size for depth, height and width.</summary>
    /// <param name="value">The output size of all three dimensions.</param>
    public static implicit operator AdaptiveSize3(int value) => new(value, value, value);

    /// <summary>Depth, height and width from a tuple <c>(depth, height, width)</c>; any may be null.</summary>
    /// <param name="value">The (depth, height, width) tuple.</param>
    public static implicit operator AdaptiveSize3((int? Depth, int? Height, int? Width) value) => new(value.Depth, value.Height, value.Width);

    /// <summary>Depth, height and width from a <see cref="Size3"/>.</summary>
    /// <param name="value">The size.</param>
    public static implicit operator AdaptiveSize3(Size3 value) => new(value.Depth, value.Height, value.Width);

    /// <inheritdoc/>
    public override string ToString() => $"({Text(Depth)}, {Text(Height)}, {Text(Width)})";

    /// <summary>A size as the types print it: the number, or <c>null</c>.</summary>
    internal static string Text(int? size) => size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
