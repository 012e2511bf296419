using System.Globalization;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The lines <c>label: v v v</c> that a README example prints, by label, in order: its results,
/// for the tests to check against the reference.
/// </summary>
public sealed class PrintedValues
{
    private readonly ILookup<string, string[]> lines;

    /// <summary>The labelled lines of <paramref name="output"/>.</summary>
    /// <param name="output">What the example printed.</param>
    public PrintedValues(string output) =>
        lines = output.ReplaceLineEndings("\n").Split('\n')
            .Select(line => line.Split(": ", 2))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0 && parts[0].All(c => char.IsAsciiLetterLower(c) || c == ' '))
            .ToLookup(parts => parts[0], parts => parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Whether some line has the label.</summary>
    /// <param name="label">The label, before the colon.</param>
    /// <returns>True when the example printed it.</returns>
    public bool Has(string label) => lines.Contains(label);

    /// <summary>The floats of every line with the label, in order.</summary>
    /// <param name="label">The label.</param>
    /// <returns>One array per line.</returns>
    public IReadOnlyList<float[]> Floats(string label) => Parse(label, v => float.Parse(v, CultureInfo.InvariantCulture));

    /// <summary>The integers of every line with the label, in order.</summary>
    /// <param name="label">The label.</param>
    /// <returns>One array per line.</returns>
    public IReadOnlyList<long[]> Longs(string label) => Parse(label, v => long.Parse(v, CultureInfo.InvariantCulture));

    private List<T[]> Parse<T>(string label, Func<string, T> parse)
    {
        Assert.That(Has(label), $"no line '{label}: ...' in the output");
        return [.. lines[label].Select(values => values.Select(parse).ToArray())];
    }
}
