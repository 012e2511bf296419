using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The engine's log: the accelerator chosen and why, once; each kernel's load time, once; never the console.</summary>
public sealed class DiagnosticsTests
{
    [Test]
    public void TheChosenAcceleratorAndWhyAreLoggedOnce()
    {
        var logger = new RecordingLogger();
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu, Logger = logger });

        var entry = logger.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.EventId.Name, Is.EqualTo("AcceleratorSelected"));
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));
            Assert.That(entry.Message, Is.EqualTo($"Pooling.Gpu runs on CPU '{engine.DeviceName}' (PoolingEngineOptions.Accelerator = Cpu: CPU)"));
            Assert.That(entry.Values["Reason"], Is.EqualTo(engine.SelectionReason));
        });
    }

    [Test]
    public void ACallersAcceleratorIsLoggedAsTheCallers()
    {
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        var logger = new RecordingLogger();
        using var engine = new PoolingEngine(accelerator, logger);
        Assert.That(logger.Entries.Single().Message, Is.EqualTo($"Pooling.Gpu runs on CPU '{accelerator.Name}' (accelerator given by the caller)"));
    }

    [TestCase(AcceleratorType.Cuda, OptimizationLevel.O1, true)]
    [TestCase(AcceleratorType.OpenCL, OptimizationLevel.O0, true)]
    [TestCase(AcceleratorType.Cuda, OptimizationLevel.O2, false)]
    [TestCase(AcceleratorType.CPU, OptimizationLevel.O1, false)]
    public void AGpuContextBelowO2IsWorthAWarning(AcceleratorType kind, OptimizationLevel level, bool warns) =>
        Assert.That(AcceleratorSelection.CompilesSlowly(kind, level), Is.EqualTo(warns));

    [Test]
    public void ACallersContextAtIlgpusDefaultLevelIsWarnedAboutOnAGpuOnly()
    {
        using var context = Context.Create(builder => builder.Cuda().OpenCL().DefaultCPU());
        var device = context.Devices.FirstOrDefault(d => d.AcceleratorType != AcceleratorType.CPU) ?? context.Devices.Single();
        using var accelerator = device.CreateAccelerator(context);
        var logger = new RecordingLogger();
        using var engine = new PoolingEngine(accelerator, logger);
        var warnings = logger.Entries.Where(e => e.EventId.Name == "BelowO2").Select(e => e.Values["Level"]).ToList();
        Assert.That(warnings, Is.EqualTo(device.AcceleratorType == AcceleratorType.CPU ? Array.Empty<object>() : new object[] { "O1" }));
    }

    [Test]
    public void TheWarningSaysHowToCompileWithO2()
    {
        var logger = new RecordingLogger();
        Log.BelowO2(logger, "O1");
        var entry = logger.Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.EventId.Name, Is.EqualTo("BelowO2"));
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entry.Message, Does.StartWith("Pooling.Gpu kernels compile at the caller's ILGPU optimisation level O1: below O2"));
            Assert.That(entry.Message, Does.EndWith("builder.Optimize(OptimizationLevel.O2)"));
        });
    }

    [Test]
    public void EachKernelLoadIsLoggedOnceEvenWhenThreadsRaceToItsFirstUse()
    {
        var logger = new RecordingLogger();
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.CpuKernels, Logger = logger });
        var shape = new TensorShape(1, 2, 6, 6);
        using var input = engine.Upload<float>(TestData.Make(shape.Length, DataKind.Random, 3), shape);
        const int Threads = 6;
        using var start = new Barrier(Threads);

        void UseThreeKernels()
        {
            using var stream = engine.Accelerator.CreateStream();
            start.SignalAndWait();
            using var max = engine.MaxPool(input, new MaxPool2dOptions(2), stream);
            using var average = engine.AvgPool(input, new AvgPool2dOptions(3), stream);
            using var mean = engine.GlobalAvgPool2d(input, stream);
            stream.Synchronize();
        }

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ => UseThreeKernels());
        start.RemoveParticipants(Threads - 1);
        UseThreeKernels();

        var loads = logger.Named("KernelLoaded");
        Assert.Multiple(() =>
        {
            Assert.That(loads.Select(e => e.Values["Kernel"]), Is.EquivalentTo(engine.Dispatch.LoadedKernels.Select(KernelCatalog.NameOf)), "one message per loaded kernel, by its catalog name");
            Assert.That(loads, Has.All.Matches<LogEntry>(e => e is { Level: LogLevel.Debug } && (double)e.Values["Milliseconds"]! > 0));
            Assert.That(loads[0].Message, Does.Match(@"^Pooling\.Gpu loaded kernel \S.* in \d+\.\d ms$"));
            Assert.That(engine.LoadedKernelCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void TheLibraryNeverWritesToTheConsole() =>
        Assert.That(
            typeof(PoolingEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name),
            Does.Not.Contain("System.Console"),
            "Pooling.Gpu references System.Console: diagnostics belong in the ILogger");
}
