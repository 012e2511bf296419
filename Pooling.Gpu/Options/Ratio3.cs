using System.Globalization;

namespace Pooling.Gpu;

/// <summary>
/// A triple of ratios for the three spatial dimensions (depth, height, width), like PyTorch's
/// <c>_ratio_3_t</c>: one number stands for all three, a tuple gives each.
/// </summary>
/// <param name="Depth">The ratio along D (PyTorch's T).</param>
/// <param name="Height">The ratio along H.</param>
/// <param name="Width">The ratio along W.</param>
public readonly record struct Ratio3(double Depth, double Height, double Width)
{
    /// <summary>The same ratio for depth, height and width.</summary>
    /// <param name="value">The ratio of all three dimensions.</param>
    public static implicit operator Ratio3(double value) => new(value, value, value);

    /// <summary>Depth, height and width from a tuple <c>(depth, height, width)</c>.</summary>
    /// <param name="value">The (depth, height, width) tuple.</param>
    public static implicit operator Ratio3((double Depth, double Height, double Width) value) => new(value.Depth, value.Height, value.Width);

    /// <summary>The ratios as Python prints a tuple of floats, e.g. <c>(0.5, 0.5, 1.0)</c>, as PyTorch's messages show them.</summary>
    /// <returns>The ratios as text.</returns>
    public override string ToString() => $"({Text(Depth)}, {Text(Height)}, {Text(Width)})";

    /// <summary>A float as Python's repr writes it: <c>1.0</c>, <c>0.25</c>, <c>1e-05</c>, <c>inf</c>, <c>nan</c>.</summary>
    internal static string Text(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }
}
