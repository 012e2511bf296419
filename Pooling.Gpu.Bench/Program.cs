using Pooling.Gpu.Bench;
using Pooling.Gpu.Bench.Benchmarks;
using Pooling.Gpu.Bench.Compare;
using Pooling.Gpu.Bench.Cpu;
using Pooling.Gpu.Bench.Offline;
using Pooling.Gpu.Bench.Report;

// The bench's commands, by name; the demo is the default when no command is given.
Command[] commands =
[
    new("demo", "[--batch N]", "pools realistic CNN workloads on the best accelerator present and prints one table (default)", Demo.Run),
    new("smoke", "", "runs every bench case a few times on tiny shapes (seconds): the benchmarks' CI check", Smoke.Run),
    new("bench", "[BenchmarkDotNet args]", "BenchmarkDotNet over every case (--filter '*stem*', --list flat, --job short)", BenchCommand.Run),
    new("compare", $"[--tiny] [--runs N] [--out DIR ({CompareCommand.DefaultFolder})]", "times every case with the GPU's clock, writes plan.json, ours.json, check.json for torch_bench.py", CompareCommand.Run),
    new("report", $"[--in DIR ({CompareCommand.DefaultFolder})] [--out DIR ({ReportCommand.DefaultFolder})]", "merges ours.json and torch.json of a GPU run into <date>-<gpu>.json, .md and .png", ReportCommand.Run),
    new("ptx", $"[--out DIR ({PtxCommand.DefaultFolder})] [--only TEXT]", "compiles every kernel (or those whose name contains TEXT) for sm_90, writes the PTX and prints loads, stores, 64-bit divisions (and registers with ptxas on PATH)", PtxCommand.Run),
    new("opencl", $"[--out DIR ({OpenClCommand.DefaultFolder})] [--only TEXT]", "compiles every kernel (or those whose name contains TEXT) to OpenCL C with ILGPU's OpenCL backend, and checks each with clang where it is on PATH", OpenClCommand.Run),
    new("cpu", CpuOptions.Usage, "times the engine's CPU path against PyTorch's CPU kernels and ONNX Runtime, interleaved, checks its results, writes <date>-<machine>.json, .md and .png", args => CpuCommand.Run(CpuOptions.Parse(args))),
    new("sample", "[--steps N]", "trains a small CNN head (pools, plain ILGPU linear layer, loss) for a few SGD steps; prints the loss", Sample.Run),
];

if (args is ["help" or "--help" or "-h", ..])
{
    Console.Out.Write(Command.Usage(commands));
    return 0;
}

bool named = args is [var first, ..] && !first.StartsWith('-');
string name = named ? args[0] : "demo";
var command = commands.FirstOrDefault(c => c.Name == name);
if (command is null)
{
    Console.Error.Write($"Unknown command '{name}'.\n\n{Command.Usage(commands)}");
    return 2;
}

try
{
    return command.Run(named ? args[1..] : args);
}
catch (UsageException e)
{
    Console.Error.Write($"{e.Message}\n\n{Command.Usage(commands)}");
    return 2;
}
