namespace Pooling.Gpu.Tests;

/// <summary>A C# block of a README, as a user pastes it, and the output the README shows for it.</summary>
/// <param name="Source">The README's path from the repository's root.</param>
/// <param name="Line">The line of the block's opening fence.</param>
/// <param name="Code">The block's lines.</param>
/// <param name="ShownOutput">The text block that comes next, before any other block: what the README says the code prints. Null when there is none.</param>
public sealed record ReadmeBlock(string Source, int Line, string Code, string? ShownOutput)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Source}, line {Line}";

    /// <summary>The <c>csharp</c> blocks of a README, in order.</summary>
    /// <param name="root">The repository's root.</param>
    /// <param name="source">The README's path from the root.</param>
    /// <returns>Each block, with the <c>text</c> block that follows it, if any.</returns>
    public static IReadOnlyList<ReadmeBlock> Read(string root, string source)
    {
        var lines = File.ReadAllLines(Path.Combine(root, source));
        var blocks = new List<ReadmeBlock>();
        bool lastAwaitsOutput = false;
        for (int open = 0; open < lines.Length; open++)
        {
            if (!lines[open].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            int close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (close < 0)
            {
                throw new FormatException($"{source}: the block at line {open + 1} is never closed.");
            }

            string body = string.Join('\n', lines[(open + 1)..close]) + "\n";
            string info = lines[open][3..].Trim();
            if (info == "csharp")
            {
                blocks.Add(new ReadmeBlock(source, open + 1, body, null));
            }
            else if (info == "text" && lastAwaitsOutput)
            {
                blocks[^1] = blocks[^1] with { ShownOutput = body };
            }

            lastAwaitsOutput = info == "csharp";
            open = close;
        }

        return blocks;
    }
}
