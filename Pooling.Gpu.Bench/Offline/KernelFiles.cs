using System.CommandLine;
using System.Security.Cryptography;
using System.Text;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>What the offline commands (<c>ptx</c>, <c>opencl</c>) share: their options and the files they name after kernels.</summary>
internal static class KernelFiles
{
    /// <summary>
    /// An offline command, <paramref name="name"/>, with the options both take: the output folder
    /// (<c>--out DIR</c>, default <paramref name="defaultFolder"/>) and the text kernel names must
    /// contain (<c>--only TEXT</c>, default all), which <paramref name="run"/> gets in that order.
    /// </summary>
    internal static Command NewCommand(string name, string description, string defaultFolder, Func<string, string, int> run)
    {
        var folder = Cli.Folder("--out", "Where the files go", defaultFolder);
        var only = new Option<string>("--only") { Description = "Only the kernels whose name contains TEXT", HelpName = "TEXT", DefaultValueFactory = _ => "" };
        var command = new Command(name, description) { folder, only };
        command.SetAction(result => run(result.GetValue(folder)!, result.GetValue(only)!));
        return command;
    }

    /// <summary>
    /// A file name of letters, digits and '_' from a kernel's name; one too long for a file system
    /// (names are at most 255 bytes, and the tools add extensions) keeps its first 160 characters
    /// and a hash of the whole name, so that names stay distinct.
    /// </summary>
    internal static string FileName(string kernel)
    {
        string name = Letters(kernel);
        return name.Length <= 200 ? name : $"{name[..160]}_{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kernel)))[..16]}";
    }

    private static string Letters(string kernel)
    {
        var name = new StringBuilder();
        foreach (char c in kernel)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }
        }

        return name.ToString().TrimEnd('_');
    }
}
