using System.Text;

namespace Pooling.Gpu.Bench;

/// <summary>A command of the bench executable: its name, its arguments, what it does, and its entry point.</summary>
internal sealed record Command(string Name, string Arguments, string Summary, Func<string[], int> Run)
{
    /// <summary>The usage text listing <paramref name="commands"/>.</summary>
    internal static string Usage(IReadOnlyList<Command> commands)
    {
        var text = new StringBuilder("Usage: dotnet run -c Release --project Pooling.Gpu.Bench -- [command] [options]\n\nCommands:\n");
        int width = commands.Max(c => $"{c.Name} {c.Arguments}".Length);
        foreach (var c in commands)
        {
            text.Append($"  {$"{c.Name} {c.Arguments}".PadRight(width)}  {c.Summary}\n");
        }

        return text.ToString();
    }
}

/// <summary>Bad command-line arguments: the dispatcher prints the message and the usage text, and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
