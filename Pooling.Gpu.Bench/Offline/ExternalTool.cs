using System.Diagnostics;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>A command-line tool the offline commands use when it is on PATH: ptxas, cuobjdump, clang.</summary>
internal static class ExternalTool
{
    /// <summary>The first of <paramref name="names"/> found in a PATH folder, or null.</summary>
    internal static string? OnPath(params string[] names) =>
        names.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="tool"/> and returns its output and error text; throws with the error text if it fails.</summary>
    internal static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Result + stderr
            : throw new InvalidOperationException($"{Path.GetFileName(tool)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stderr}");
    }
}
