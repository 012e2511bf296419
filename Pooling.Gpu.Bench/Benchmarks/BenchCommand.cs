using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Pooling.Gpu.Bench.Benchmarks;

/// <summary>
/// The <c>bench</c> command: hands its arguments to BenchmarkDotNet's switcher (--filter, --list,
/// --job, ...), adding two defaults. <c>--inProcess</c> always: a published bench executable has no
/// SDK to build BenchmarkDotNet's usual child project with, and the GPU machine has no .NET at all.
/// <c>--job short</c> unless a job is named: on the CPU accelerator, an emulator, a case takes
/// milliseconds per call and the default job over a minute per case; its times only catch
/// regressions of the CPU path.
/// </summary>
internal static class BenchCommand
{
    internal static Command Create()
    {
        var arguments = new Argument<string[]>("args")
        {
            Description = "Handed to BenchmarkDotNet: --filter '*stem*', --list flat, --job short; its own help: bench -- --help",
            Arity = ArgumentArity.ZeroOrMore,
            CaptureRemainingTokens = true,
        };
        var command = new Command("bench", "BenchmarkDotNet over every bench case, in-process.") { arguments };
        command.SetAction(result => Run(result.GetValue(arguments) ?? []));
        return command;
    }

    private static int Run(string[] args)
    {
        string[] defaults =
        [
            .. args.Any(a => a is "-i" or "--inProcess") ? [] : new[] { "--inProcess" },
            .. args.Any(a => a is "-j" or "--job") ? [] : new[] { "--job", "short" },
        ];
        var config = DefaultConfig.Instance
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
        var summaries = BenchmarkSwitcher.FromTypes([typeof(OpBenchmarks)]).Run([.. defaults, .. args], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
