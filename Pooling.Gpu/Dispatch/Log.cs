using ILGPU.Runtime;
using Microsoft.Extensions.Logging;

namespace Pooling.Gpu;

/// <summary>
/// Everything the library logs: once per engine, the accelerator and why it was chosen, and a
/// warning where a caller's GPU context compiles below ILGPU's O2; once per kernel, how long
/// compiling and loading it took (the first call of an op pays that, later calls do not).
/// Nothing else: no per-call messages, and never the console.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "AcceleratorSelected", Level = LogLevel.Information,
        Message = "Pooling.Gpu runs on {AcceleratorType} '{DeviceName}' ({Reason})")]
    internal static partial void AcceleratorSelected(ILogger logger, AcceleratorType acceleratorType, string deviceName, string reason);

    [LoggerMessage(EventId = 2, EventName = "KernelLoaded", Level = LogLevel.Debug,
        Message = "Pooling.Gpu loaded kernel {Kernel} in {Milliseconds:F1} ms")]
    internal static partial void KernelLoaded(ILogger logger, string kernel, double milliseconds);

    [LoggerMessage(EventId = 3, EventName = "BelowO2", Level = LogLevel.Warning,
        Message = "Pooling.Gpu kernels compile at the caller's ILGPU optimisation level {Level}: below O2, ILGPU infers no address spaces, so every load and store is a generic one, slower on a GPU. Create the context with builder.Optimize(OptimizationLevel.O2)")]
    internal static partial void BelowO2(ILogger logger, string level);
}
