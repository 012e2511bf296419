using System.CommandLine;
using Pooling.Gpu.Bench;
using Pooling.Gpu.Bench.Benchmarks;
using Pooling.Gpu.Bench.Compare;
using Pooling.Gpu.Bench.Cpu;
using Pooling.Gpu.Bench.Offline;
using Pooling.Gpu.Bench.Report;

// The bench's commands, one line each; the first also runs when no command is named.
Command[] commands =
[
    DemoCommand.Create(),
    SmokeCommand.Create(),
    BenchCommand.Create(),
    CompareCommand.Create(),
    ReportCommand.Create(),
    PtxCommand.Create(),
    OpenClCommand.Create(),
    CpuOptions.Command(CpuCommand.Run),
    SampleCommand.Create(),
];

ConsoleOutput.Configure();
return Cli.Root(commands).Parse(args).Invoke();
