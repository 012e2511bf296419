namespace Pooling.Gpu;

/// <summary>
/// A pair of values for the two spatial dimensions (height, width), like PyTorch's
/// <c>_size_2_t</c>: one int stands for both, a tuple gives each.
/// </summary>
/// <param name="Height">The value along H.</param>
/// <param name="Width">The value along W.</param>
public readonly record struct Size2(int Height, int Width)
{
    /// <summary>The same value for height and width.</summary>
    /// <param name="value">The value of both dimensions.</param>
    public static implicit operator Size2(int value) => new(value, value);

    /// <summary>Height and width from a tuple <c>(height, width)</c>.</summary>
    /// <param name="value">The (height, width) tuple.</param>
    public static implicit operator Size2((int Height, int Width) value) => new(value.Height, value.Width);

    /// <inheritdoc/>
    public override string ToString() => $"({Height}, {Width})";
}
