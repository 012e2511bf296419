using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Comparisons of a pooled tensor against a float64 reference or PyTorch.</summary>
public static class Expect
{
    /// <summary>Relative tolerance of averages, against the window's mean |x|.</summary>
    public const double AverageTolerance = 1e-5;

    /// <summary>Max pooling is exact: every value bit for bit (NaN is NaN), every index equal.</summary>
    public static void ExactMax(float[] actual, long[]? actualIndices, double[] expected, long[] expectedIndices, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            float want = (float)expected[i];
            if (!(float.IsNaN(want) ? float.IsNaN(actual[i]) : actual[i].Equals(want)))
            {
                Assert.Fail($"{what}: value [{i}] is {actual[i]}, expected {want}");
            }

            if (actualIndices is not null && actualIndices[i] != expectedIndices[i])
            {
                Assert.Fail($"{what}: index [{i}] is {actualIndices[i]}, expected {expectedIndices[i]}");
            }
        }
    }

    /// <summary>
    /// Averages agree within <see cref="AverageTolerance"/> of the window's mean |x|, the scale
    /// of float32 rounding in a sum (relative to the result itself would fail on cancellation).
    /// NaN and infinities must match exactly.
    /// </summary>
    public static void CloseAverages(float[] actual, double[] expected, double[] magnitudes, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            double want = expected[i];
            bool ok = double.IsFinite(want)
                ? Math.Abs(actual[i] - want) <= AverageTolerance * Math.Max(magnitudes[i], Math.Abs(want)) + 1e-30
                : double.IsNaN(want) ? float.IsNaN(actual[i]) : actual[i] == want;
            if (!ok)
            {
                Assert.Fail($"{what}: value [{i}] is {actual[i]}, expected {want} (window mean |x| {magnitudes[i]})");
            }
        }
    }
}
