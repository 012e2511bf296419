using System.CommandLine;

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

    /// <summary>The folder the results go to.</summary>
    internal string Folder => Out ?? (Tiny ? "artifacts/cpu" : "bench/results/cpu");

    /// <summary>The command with these options, as the results record it.</summary>
    internal string CommandLine =>
        $"cpu{(Tiny ? " --tiny" : "")} --rounds {Rounds} --seconds {Seconds} --threads {Threads}{(Out is null ? "" : $" --out {Out}")}{(Label is null ? "" : $" --label {Label}")}";

    /// <summary>The <c>cpu</c> command, whose action runs <paramref name="run"/> with the parsed options.</summary>
    internal static Command Command(Func<CpuOptions, int> run)
    {
        var tiny = new Option<bool>("--tiny") { Description = "A few planes per workload, results to artifacts/cpu: checks the pipeline in seconds." };
        var rounds = Cli.Positive<int>("--rounds", "Times each implementation is timed per workload, interleaved with the others.");
        rounds.DefaultValueFactory = _ => DefaultRounds;
        var seconds = Cli.Positive<int>("--seconds", $"Past this many seconds on a workload its rounds stop (after at least {MinRounds}).");
        seconds.DefaultValueFactory = _ => DefaultSeconds;
        var threads = Cli.Positive<int>("--threads", "Threads of PyTorch, ONNX Runtime and the memory copy.");
        threads.DefaultValueFactory = _ => DefaultThreads;
        var output = new Option<string?>("--out") { Description = "Where the results go (bench/results/cpu; artifacts/cpu with --tiny).", HelpName = "DIR" };
        var label = new Option<string?>("--label") { Description = "Appended to the file names: <date>-<machine>-<label>.", HelpName = "TEXT" };
        var command = new Command(
            "cpu",
            "Times the engine's CPU path against PyTorch's CPU kernels and ONNX Runtime, interleaved, checks its results, and writes <date>-<machine>.json, .md and .png.")
        {
            tiny, rounds, seconds, threads, output, label,
        };
        command.SetAction(result => run(new CpuOptions(
            result.GetValue(tiny), result.GetValue(rounds), result.GetValue(seconds), result.GetValue(threads), result.GetValue(output), result.GetValue(label))));
        return command;
    }
}
