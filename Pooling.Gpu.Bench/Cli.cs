using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Pooling.Gpu.Bench;

/// <summary>The bench's command line: the root command over the commands, and the kinds of option they share.</summary>
internal static class Cli
{
    /// <summary>
    /// The root command: each of <paramref name="commands"/> by its name, and the first (the demo),
    /// with its options, when none is named.
    /// </summary>
    internal static RootCommand Root(IReadOnlyList<Command> commands)
    {
        var root = new RootCommand($"Pooling.Gpu's bench: with no command it runs '{commands[0].Name}'.");
        foreach (var option in commands[0].Options)
        {
            root.Options.Add(option);
        }

        root.Action = commands[0].Action;
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>An option that takes a whole number above zero (<c>--runs 30</c>); any other value is a parse error.</summary>
    internal static Option<T> Positive<T>(string name, string description)
        where T : IBinaryInteger<T> => new(name) { Description = description, HelpName = "N", CustomParser = Positive<T> };

    /// <summary>An option naming a folder, <paramref name="defaultFolder"/> unless given.</summary>
    internal static Option<string> Folder(string name, string description, string defaultFolder) =>
        new(name) { Description = description, HelpName = "DIR", DefaultValueFactory = _ => defaultFolder };

    private static T Positive<T>(ArgumentResult result)
        where T : IBinaryInteger<T>
    {
        string token = result.Tokens[0].Value;
        if (T.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > T.Zero)
        {
            return value;
        }

        result.AddError($"{(result.Parent as OptionResult)?.Option.Name} takes a whole number above zero, not '{token}'.");
        return T.Zero;
    }
}
