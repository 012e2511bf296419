using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pooling.Gpu.Bench.Cases;
using Pooling.Gpu.Bench.Compare;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// PyTorch's CPU kernels in one long-lived Python process (bench/cpu/torch_cpu.py, which documents
/// the protocol): the bench sets up a peer per case, asks for timed samples between its own, and
/// exchanges inputs and results with it through files in a folder.
/// </summary>
internal sealed class TorchCpu : IDisposable
{
    // Debian's PyTorch is installed for Debian's own interpreter only.
    private const string DebianPython = "/usr/bin/python3";

    private static readonly JsonSerializerOptions Json = new(CompareFiles.Json) { WriteIndented = false };

    private readonly Process process;
    private readonly string folder;

    private TorchCpu(Process process, string folder, JsonNode hello)
    {
        this.process = process;
        this.folder = folder;
        Version = (string)hello["torch_version"]!;
        Threads = (int)hello["threads"]!;
        Parallel = (string)hello["parallel"]!;
    }

    internal string Version { get; }

    internal int Threads { get; }

    /// <summary>ATen's parallel backend (OpenMP in Debian's build).</summary>
    internal string Parallel { get; }

    /// <summary>Starts the script with <paramref name="threads"/> threads; it exchanges files in <paramref name="folder"/>.</summary>
    internal static TorchCpu Start(int threads, string folder)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "cpu", "torch_cpu.py");
        var start = new ProcessStartInfo(File.Exists(DebianPython) ? DebianPython : "python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };

        // OpenMP sizes its pool at start-up; torch.set_num_threads alone leaves the rest idle.
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        try
        {
            var hello = Ask(process, new { Cmd = "hello", Threads = threads });
            return new TorchCpu(process, folder, hello);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Gives PyTorch the case's input (and output gradient); it runs the call once.</summary>
    internal void Setup(string key, BenchCase benchCase, float[] input, float[]? gradOutput)
    {
        string inputPath = Write(key, "input.f32", input);
        string? gradPath = gradOutput is null ? null : Write(key, "grad_output.f32", gradOutput);
        Ask(process, new { Cmd = "setup", Key = key, Peer = benchCase.Peer, Shape = benchCase.Input.Sizes(), Input = inputPath, GradOutput = gradPath });
    }

    /// <summary>Milliseconds per call over <paramref name="calls"/> calls, timed in Python after <see cref="Rounds.WarmUpMs"/> of untimed ones.</summary>
    internal double Time(string key, int calls) => (double)Ask(process, new { Cmd = "time", Key = key, Calls = calls, WarmUpMs = Rounds.WarmUpMs })["ms"]!;

    /// <summary>The results of the last call: output values, PyTorch's indices where it returned them, the input's gradient for a backward.</summary>
    internal PeerResults Results(string key)
    {
        var written = Ask(process, new { Cmd = "results", Key = key, Prefix = Path.Combine(folder, Name(key, "")) });
        return new PeerResults(Read<float>(written["output"]), Read<long>(written["indices"]), Read<float>(written["grad_input"]));
    }

    internal void Drop(string key) => Ask(process, new { Cmd = "drop", Key = key });

    public void Dispose()
    {
        // End of input ends the script's loop.
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
        }

        process.Dispose();
    }

    private static JsonNode Ask(Process process, object request)
    {
        process.StandardInput.WriteLine(JsonSerializer.Serialize(request, Json));
        process.StandardInput.Flush();
        string line = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"torch_cpu.py ended without an answer (exit code {(process.HasExited ? process.ExitCode : "none yet")}); its errors are above.");
        var answer = JsonNode.Parse(line) ?? throw new InvalidDataException($"torch_cpu.py answered '{line}'.");
        return answer["error"] is { } error ? throw new InvalidOperationException($"PyTorch failed: {error}") : answer;
    }

    private static T[]? Read<T>(JsonNode? path)
        where T : unmanaged => path is null ? null : MemoryMarshal.Cast<byte, T>(File.ReadAllBytes((string)path!)).ToArray();

    private string Write(string key, string name, float[] values)
    {
        string path = Path.Combine(folder, Name(key, name));
        using var file = File.Create(path);
        file.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        return path;
    }

    private static string Name(string key, string name) => $"{key.Replace('/', '-')}-{name}";
}

/// <summary>A peer's results of one call: values, PyTorch-form indices and the input's gradient, each null where not produced.</summary>
internal sealed record PeerResults(float[]? Output, long[]? Indices, float[]? GradInput);
