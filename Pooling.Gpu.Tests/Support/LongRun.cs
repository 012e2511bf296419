using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Tests too slow for CI (a 4096x4096 global pooling on the CPU accelerator, thousands of fuzz
/// cases) run only when <c>POOLING_GPU_LONG=1</c>: a long run is one variable away.
/// </summary>
public static class LongRun
{
    public const string Variable = "POOLING_GPU_LONG";

    /// <summary>The NUnit category of the tests that only a long run executes.</summary>
    public const string Category = "LongRun";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Skips the calling test unless this is a long run.</summary>
    public static void Require()
    {
        if (!Enabled)
        {
            Assert.Ignore($"A long-run test: set {Variable}=1 to run it.");
        }
    }
}
