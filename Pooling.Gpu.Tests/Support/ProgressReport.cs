using System.Diagnostics;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

[assembly: Pooling.Gpu.Tests.ProgressReport]

namespace Pooling.Gpu.Tests;

/// <summary>
/// A line on the process's own standard output after a test, at most every ten seconds: tests
/// done, elapsed time, and the process's working set and peak. Run as an executable (as on the
/// GPU machine), the test platform shows nothing else while its output is redirected.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ProgressReportAttribute : Attribute, ITestAction
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static readonly TextWriter Out = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
    private static int done;
    private static TimeSpan last;

    public ActionTargets Targets => ActionTargets.Test;

    public void BeforeTest(ITest test)
    {
    }

    public void AfterTest(ITest test)
    {
        int now = Interlocked.Increment(ref done);
        lock (Out)
        {
            if (Clock.Elapsed - last >= Every)
            {
                last = Clock.Elapsed;
                using var self = Process.GetCurrentProcess();
                Out.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {now} tests done; memory {self.WorkingSet64 >> 20} MiB, peak {self.PeakWorkingSet64 >> 20} MiB");
            }
        }
    }
}
