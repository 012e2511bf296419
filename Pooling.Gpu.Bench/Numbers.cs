using System.Globalization;

namespace Pooling.Gpu.Bench;

/// <summary>Numbers as the tables print them.</summary>
internal static class Numbers
{
    /// <summary>A positive number with three significant digits, without an exponent.</summary>
    internal static string ThreeDigits(double value)
    {
        int decimals = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : Math.Clamp(2 - (int)Math.Floor(Math.Log10(value)), 3, 9);
        return value.ToString($"F{decimals}", CultureInfo.InvariantCulture);
    }

    /// <summary><see cref="ThreeDigits(double)"/>, or "-" for a missing value.</summary>
    internal static string ThreeDigits(double? value) => value is { } v ? ThreeDigits(v) : "-";
}
