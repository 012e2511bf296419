using System.Text;

namespace Pooling.Gpu.Bench;

/// <summary>A plain text table with aligned columns: text columns to the left, number columns to the right.</summary>
internal sealed class TextTable(params (string Header, bool AlignRight)[] columns)
{
    private readonly List<string[]> rows = [];

    /// <summary>Adds a row with one cell per column.</summary>
    internal void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, but got {cells.Length}.", nameof(cells));
        }

        rows.Add(cells);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var widths = columns.Select((c, i) => rows.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendLine(text, widths, columns.Select(c => c.Header).ToArray());
        AppendLine(text, widths, widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows)
        {
            AppendLine(text, widths, row);
        }

        return text.ToString();
    }

    private void AppendLine(StringBuilder text, int[] widths, string[] cells)
    {
        var padded = cells.Select((cell, i) => columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        text.Append(string.Join("  ", padded).TrimEnd()).Append('\n');
    }
}
