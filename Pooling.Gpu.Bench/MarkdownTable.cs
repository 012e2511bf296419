using System.Text;

namespace Pooling.Gpu.Bench;

/// <summary>A GitHub Markdown table: a header row, then one row per <see cref="Add"/>.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly StringBuilder text = new StringBuilder()
        .Append("| ").AppendJoin(" | ", headers).Append(" |\n")
        .Append('|').AppendJoin('|', headers.Select(_ => "---")).Append("|\n");

    /// <summary>Adds a row with one cell per header; a '|' in a cell is escaped.</summary>
    internal void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, but got {cells.Length}.", nameof(cells));
        }

        text.Append("| ").AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
    }

    /// <inheritdoc/>
    public override string ToString() => text.ToString();
}
