namespace Pooling.Gpu;

/// <summary>
/// A triple of values for the three spatial dimensions (depth, height, width), like PyTorch's
/// <c>_size_3_t</c>: one int stands for all three, a tuple gives each.
/// </summary>
/// <param name="Depth">The value along D (PyTorch's T).</param>
/// <param name="Height">The value along H.</param>
/// <param name="Width">The value along W.</param>
public readonly record struct Size3(int Depth, int Height, int Width)
{
    /// <summary>The same value for depth, height and width.</summary>
    /// <param name="value">The value of all three dimensions.</param>
    public static implicit operator Size3(int value) => new(value, value, value);

    /// <summary>Depth, height and width from a tuple <c>(depth, height, width)</c>.</summary>
    /// <param name="value">The (depth, height, width) tuple.</param>
    public static implicit operator Size3((int Depth, int Height, int Width) value) => new(value.Depth, value.Height, value.Width);

    /// <inheritdoc/>
    public override string ToString() => $"({Depth}, {Height}, {Width})";
}
