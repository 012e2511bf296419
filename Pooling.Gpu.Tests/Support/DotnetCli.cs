using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The .NET SDK's <c>dotnet</c> command, run as a child process the way a user runs it in a
/// terminal: found on PATH, its output captured, its time bounded.
/// </summary>
public sealed class DotnetCli
{
    /// <summary>How long one command may take before it is killed and the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string host;

    private DotnetCli(string host) => this.host = host;

    /// <summary>The <c>dotnet</c> on PATH if it has an SDK; otherwise null, and a sentence on what is missing.</summary>
    public static async Task<(DotnetCli? Cli, string Missing)> FindAsync()
    {
        string name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        string? host = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (host is null)
        {
            return (null, "No `dotnet` on PATH.");
        }

        var cli = new DotnetCli(host);
        string sdks = await cli.RunAsync(Environment.CurrentDirectory, ["--list-sdks"]);
        return string.IsNullOrWhiteSpace(sdks) ? (null, $"{host} has no .NET SDK (a runtime only).") : (cli, "");
    }

    /// <summary>
    /// The source tree and the SDK, for a test that builds from source; ignores the test, saying
    /// what is missing, where either is (a published test bundle, a machine with the runtime only).
    /// </summary>
    /// <param name="work">What the test does with them, for the message: "Packing the library".</param>
    /// <returns>The SDK's <c>dotnet</c> and the repository's root.</returns>
    public static async Task<(DotnetCli Cli, string Root)> ForSourceTreeAsync(string work)
    {
        var root = SourceTree.Root;
        if (root is null)
        {
            Assert.Ignore($"No source tree here (a published test bundle). {work} needs it.");
        }

        var (cli, missing) = await FindAsync();
        if (cli is null)
        {
            Assert.Ignore($"{missing} {work} needs the .NET SDK.");
        }

        return (cli, root);
    }

    /// <summary>Runs <c>dotnet args</c> in <paramref name="directory"/>; fails the test, with the output, unless it exits with 0.</summary>
    /// <param name="directory">The working directory.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Variables to set, or to remove (null), for this command.</param>
    /// <returns>Standard output and standard error, interleaved.</returns>
    public async Task<string> RunAsync(string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (exitCode, output) = await TryRunAsync(directory, args, environment);
        if (exitCode != 0)
        {
            Assert.Fail($"`dotnet {string.Join(' ', args)}` in {directory} exited with {exitCode}:\n{output}");
        }

        return output;
    }

    /// <summary>Runs <c>dotnet args</c> in <paramref name="directory"/>; fails the test only when it takes longer than <see cref="Timeout"/>.</summary>
    /// <param name="directory">The working directory.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Variables to set, or to remove (null), for this command.</param>
    /// <returns>The exit code, and standard output and standard error, interleaved.</returns>
    public async Task<(int ExitCode, string Output)> TryRunAsync(string directory, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Configure(start.Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        DataReceivedEventHandler append = (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', args)}` took more than {Timeout}:\n{output}");
        }

        return (process.ExitCode, output.ToString());
    }

    /// <summary>
    /// A clean command-line environment: without the variables the test host's own build may
    /// have left for its child processes, without telemetry and banners, and without build
    /// servers, which would outlive the command holding its output open.
    /// </summary>
    private static void Configure(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            environment.Remove(key);
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";
    }
}
