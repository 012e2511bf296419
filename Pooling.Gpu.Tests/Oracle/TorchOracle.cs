using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Runs batches of <see cref="OracleCase"/>s through PyTorch: torch_oracle.py in one Python
/// process per batch, since importing torch alone takes seconds.
/// </summary>
/// <remarks>
/// The script reads <c>{"device": "cpu"|"cuda", "cases": [{"id", "op", "shape", "input",
/// "params", "grad_output"?, "dtype"?, "channels_last"?, "indices"?, "view"?}]}</c> on stdin and writes
/// <c>{"torch_version", "device", "results": [{"id", "output_shape", "output", "indices",
/// "grad_input", "error", "output64", "grad_input64", "output_int64"?}]}</c> on stdout; tensors are base64 of
/// little-endian float32 (float64 for the *64 fields), indices of int64, and an integer case's
/// input and output of int64. Sizes in "params" are an int or a list of ints.
/// </remarks>
public static class TorchOracle
{
    /// <summary>The environment variable that names the interpreter to try first.</summary>
    public const string PythonVariable = "POOLING_GPU_PYTHON";

    /// <summary>How long <see cref="Run"/> waits for a batch unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    // Debian's PyTorch is installed for Debian's own interpreter only; a python3 earlier on
    // PATH (pyenv, a venv) usually cannot import it.
    private const string DebianPython = "/usr/bin/python3";

    private const string InstallHint =
        "Install Debian's PyTorch with `apt-get install -y python3-torch` and run with Debian's /usr/bin/python3, " +
        $"or set {PythonVariable} to an interpreter that can `import torch`.";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<Discovery> Found = new(Discover);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Where the script is: copied next to the test executable.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Oracle", "torch_oracle.py");

    /// <summary>Whether an interpreter that can import torch was found.</summary>
    public static bool IsAvailable => Found.Value.Python is not null;

    /// <summary>The interpreter that runs the oracle, or null when none was found.</summary>
    public static string? Python => Found.Value.Python;

    /// <summary>The version of the PyTorch found (e.g. "1.13.0a0"), or null when none was found.</summary>
    public static string? TorchVersion => Found.Value.TorchVersion;

    /// <summary>
    /// Stops a test that needs PyTorch when none is found: it fails under <c>CI=true</c>, where
    /// the oracle must run, and is reported as skipped elsewhere.
    /// </summary>
    public static void RequireAvailable()
    {
        if (IsAvailable)
        {
            return;
        }

        string message = NotFoundMessage();
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    /// <summary>Runs a batch of cases in one PyTorch process.</summary>
    /// <param name="cases">The cases; a case that PyTorch rejects gets its error, the others still run.</param>
    /// <param name="device">PyTorch's device: "cpu", or "cuda" where torch has CUDA.</param>
    /// <param name="timeout">How long to wait for the batch; <see cref="DefaultTimeout"/> when null.</param>
    /// <returns>One result per case, in the order of <paramref name="cases"/>.</returns>
    /// <exception cref="InvalidOperationException">No interpreter with torch was found, or the script failed as a whole (the message has its stderr).</exception>
    /// <exception cref="FileNotFoundException">The script was not copied next to the test executable.</exception>
    /// <exception cref="TimeoutException">The batch took longer than the timeout.</exception>
    public static IReadOnlyList<OracleResult> Run(IReadOnlyList<OracleCase> cases, string device = "cpu", TimeSpan? timeout = null)
    {
        string python = Python ?? throw new InvalidOperationException(NotFoundMessage());
        if (!File.Exists(ScriptPath))
        {
            throw new FileNotFoundException("torch_oracle.py is not next to the test executable.", ScriptPath);
        }

        // The wire format is little-endian; the bytes of the arrays are sent as they are in memory.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The oracle protocol needs a little-endian machine.");
        }

        string request = JsonSerializer.Serialize(new WireRequest(device, [.. cases.Select(ToWire)]), Json);
        var (exitCode, stdout, stderr) = Execute(python, [ScriptPath], request, timeout ?? DefaultTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{python} {ScriptPath} exited with code {exitCode}.\nstderr:\n{stderr}");
        }

        WireResponse response = JsonSerializer.Deserialize<WireResponse>(stdout, Json)
            ?? throw new InvalidOperationException($"torch_oracle.py wrote no response.\nstderr:\n{stderr}");
        if (!response.Results.Select(r => r.Id).SequenceEqual(cases.Select(c => c.Id)))
        {
            throw new InvalidOperationException($"torch_oracle.py answered other cases than it was sent.\nstderr:\n{stderr}");
        }

        return [.. response.Results.Select(FromWire)];
    }

    private static WireCase ToWire(OracleCase c) =>
        new(c.Id, c.Op, c.Shape, c.IntegerInput is null ? Encode(c.Input) : Encode(c.IntegerInput), c.Params, c.GradOutput is null ? null : Encode(c.GradOutput), c.DType, c.ChannelsLast, c.Indices is null ? null : Encode(c.Indices), c.View);

    private static OracleResult FromWire(WireResult r) => new(
        r.Id,
        r.OutputShape ?? [],
        r.Output is null ? [] : Decode<float>(r.Output),
        r.Indices is null ? null : Decode<long>(r.Indices),
        r.GradInput is null ? null : Decode<float>(r.GradInput),
        r.Error,
        r.Output64 is null ? [] : Decode<double>(r.Output64),
        r.GradInput64 is null ? null : Decode<double>(r.GradInput64),
        r.OutputInt64 is null ? null : Decode<long>(r.OutputInt64));

    private static string Encode<T>(T[] values)
        where T : struct => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));

    private static T[] Decode<T>(string base64)
        where T : struct => MemoryMarshal.Cast<byte, T>(Convert.FromBase64String(base64)).ToArray();

    private static Discovery Discover()
    {
        string? configured = Environment.GetEnvironmentVariable(PythonVariable);
        string[] candidates = string.IsNullOrEmpty(configured) ? [DebianPython, "python3"] : [configured, DebianPython, "python3"];
        var tried = new List<string>();
        foreach (string python in candidates)
        {
            try
            {
                var (exitCode, stdout, stderr) = Execute(python, ["-c", "import torch, numpy; print(torch.__version__)"], "", ProbeTimeout);
                if (exitCode == 0)
                {
                    return new Discovery(python, stdout.Trim(), tried);
                }

                tried.Add($"{python}: exit code {exitCode}, {stderr.Trim().Split('\n')[^1]}");
            }
            catch (Exception e) when (e is Win32Exception or TimeoutException)
            {
                tried.Add($"{python}: {e.Message}");
            }
        }

        return new Discovery(null, null, tried);
    }

    private static string NotFoundMessage() =>
        $"No Python interpreter that can import torch was found (tried {string.Join("; ", Found.Value.Tried)}). {InstallHint}";

    private static (int ExitCode, string Stdout, string Stderr) Execute(string fileName, IEnumerable<string> arguments, string stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");

        // Both pipes are drained while the request is written, so that neither side can block on a full pipe.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited before it read its input; its exit code and stderr say why.
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} did not finish within {timeout}.\nstderr:\n{stderr.Result}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private sealed record Discovery(string? Python, string? TorchVersion, IReadOnlyList<string> Tried);

    private sealed record WireRequest(string Device, IReadOnlyList<WireCase> Cases);

    private sealed record WireCase(
        string Id, string Op, long[] Shape, string Input, OracleParams Params, string? GradOutput, [property: JsonPropertyName("dtype")] string DType, bool ChannelsLast, string? Indices, OracleView? View);

    private sealed record WireResponse(string TorchVersion, string Device, IReadOnlyList<WireResult> Results);

    private sealed record WireResult(
        string Id, long[]? OutputShape, string? Output, string? Indices, string? GradInput, string? Error, string? Output64, string? GradInput64,
        [property: JsonPropertyName("output_int64")] string? OutputInt64 = null);
}
