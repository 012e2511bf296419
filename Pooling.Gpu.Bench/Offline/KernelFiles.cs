using System.Security.Cryptography;
using System.Text;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>What the offline commands (<c>ptx</c>, <c>opencl</c>) share: their options and the files they name after kernels.</summary>
internal static class KernelFiles
{
    /// <summary>
    /// The output folder (<c>--out DIR</c>, default <paramref name="defaultFolder"/>) and the text
    /// kernel names must contain (<c>--only TEXT</c>, default all) of <paramref name="command"/>.
    /// </summary>
    internal static (string Folder, string Only) Options(string[] args, string command, string defaultFolder)
    {
        var (folder, only) = (defaultFolder, "");
        for (int i = 0; i < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    folder = args[i + 1];
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[i + 1];
                    break;
                default:
                    throw new UsageException($"{command} takes [--out DIR] [--only TEXT], not '{string.Join(' ', args)}'.");
            }
        }

        return (folder, only);
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
