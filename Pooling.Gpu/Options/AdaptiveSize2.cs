namespace Pooling.Gpu;

/// <summary>
/// The output size (height, width) of a 2D adaptive pooling, like PyTorch's <c>_size_2_opt_t</c>:
/// one int stands for both, a tuple gives each, and <see langword="null"/> (PyTorch's
/// <c>None</c>) keeps the input's size along that dimension: <c>(null, 7)</c> pools every
/// column to 7 and leaves the height as it is.
/// </summary>
/// <param name="Height">The output's height, at least 1; null for the input's.</param>
/// <param name="Width">The output's width, at least 1; null for the input's.</param>
public readonly record struct AdaptiveSize2(int? Height, int? Width)
{
    /// <summary>The same size for height and width.</summary>
    /// <param name="value">The output size of both dimensions.</param>
    public static implicit operator AdaptiveSize2(int value) => new(value, value);

    /// <summary>Height and width from a tuple <c>(height, width)</c>; either may be null.</summary>
    /// <param name="value">The (height, width) tuple.</param>
    public static implicit operator AdaptiveSize2((int? Height, int? Width) value) => new(value.Height, value.Width);

    /// <summary>Height and width from a <see cref="Size2"/>.</summary>
    /// <param name="value">The size.</param>
    public static implicit operator AdaptiveSize2(Size2 value) => new(value.Height, value.Width);

    /// <inheritdoc/>
    public override string ToString() => $"({AdaptiveSize3.Text(Height)}, {AdaptiveSize3.Text(Width)})";
}
