using System.Globalization;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>The <c>cpu</c> command's options.</summary>
/// <param name="Tiny">A few planes per workload and no results in bench/results: checks the pipeline in seconds.</param>
/// <param name="Rounds">How many times each implementation is timed per workload, interleaved with the others.</param>
/// <param name="Seconds">Past this many seconds on a workload, its rounds stop (after at least <see cref="MinRounds"/>): a slow path still finishes in minutes.</param>
/// <param name="Threads">The threads PyTorch, ONNX Runtime and the memory copy use (the engine uses its own default).</param>
/// <param name="Out">Where the results go: bench/results/cpu, or artifacts/cpu with <paramref name="Tiny"/>.</param>
/// <param name="Label">Appended to the file names, e.g. the CPU path measured: &lt;date&gt;-&lt;machine&gt;-&lt;label&gt;.</param>
internal sealed record CpuOptions(
    bool Tiny = false, int Rounds = CpuOptions.DefaultRounds, int Seconds = CpuOptions.DefaultSeconds, int Threads = CpuOptions.DefaultThreads, string? Out = null, string? Label = null)
{
    internal const int DefaultRounds = 21;

    internal const int DefaultSeconds = 10;

    internal const int MinRounds = 5;

    internal const int DefaultThreads = 2;

    internal static readonly string Usage = $"[--tiny] [--rounds N ({DefaultRounds})] [--seconds N ({DefaultSeconds})] [--threads N ({DefaultThreads})] [--out DIR] [--label TEXT]";

    /// <summary>The folder the results go to.</summary>
    internal string Folder => Out ?? (Tiny ? "artifacts/cpu" : "bench/results/cpu");

    /// <summary>The command with these options, as the results record it.</summary>
    internal string CommandLine =>
        $"cpu{(Tiny ? " --tiny" : "")} --rounds {Rounds} --seconds {Seconds} --threads {Threads}{(Out is null ? "" : $" --out {Out}")}{(Label is null ? "" : $" --label {Label}")}";

    /// <summary>The options from today's command line.</summary>
    internal static CpuOptions Parse(string[] args)
    {
        var options = new CpuOptions();
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--tiny" => options with { Tiny = true },
                "--rounds" when Positive(args, ++i) is { } rounds => options with { Rounds = rounds },
                "--seconds" when Positive(args, ++i) is { } seconds => options with { Seconds = seconds },
                "--threads" when Positive(args, ++i) is { } threads => options with { Threads = threads },
                "--out" when ++i < args.Length => options with { Out = args[i] },
                "--label" when ++i < args.Length => options with { Label = args[i] },
                _ => throw new UsageException($"cpu takes {Usage}, not '{string.Join(' ', args)}'."),
            };
        }

        return options;
    }

    private static int? Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}
