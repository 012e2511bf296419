namespace Pooling.Gpu;

/// <summary>
/// A pair of ratios for the two spatial dimensions (height, width), like PyTorch's
/// <c>_ratio_2_t</c>: one number stands for both, a tuple gives each.
/// </summary>
/// <param name="Height">The ratio along H.</param>
/// <param name="Width">The ratio along W.</param>
public readonly record struct Ratio2(double Height, double Width)
{
    /// <summary>The same ratio for height and width.</summary>
    /// <param name="value">The ratio of both dimensions.</param>
    public static implicit operator Ratio2(double value) => new(value, value);

    /// <summary>Height and width from a tuple <c>(height, width)</c>.</summary>
    /// <param name="value">The (height, width) tuple.</param>
    public static implicit operator Ratio2((double Height, double Width) value) => new(value.Height, value.Width);

    /// <summary>The ratios as Python prints a tuple of floats, e.g. <c>(0.5, 1.0)</c>, as PyTorch's messages show them.</summary>
    /// <returns>The ratios as text.</returns>
    public override string ToString() => $"({Ratio3.Text(Height)}, {Ratio3.Text(Width)})";
}
