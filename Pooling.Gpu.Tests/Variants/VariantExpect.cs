using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>Comparisons of a variant's float64 read-back against a float64 reference or PyTorch.</summary>
public static class VariantExpect
{
    /// <summary>Max pooling is exact in every type: the value is one of the inputs, the index is the same.</summary>
    public static void ExactMax(double[] actual, long[]? actualIndices, double[] expected, long[] expectedIndices, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            if (!(double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : actual[i] == expected[i]))
            {
                Assert.Fail($"{what}: value [{i}] is {actual[i]}, expected {expected[i]}");
            }

            if (actualIndices is not null && actualIndices[i] != expectedIndices[i])
            {
                Assert.Fail($"{what}: index [{i}] is {actualIndices[i]}, expected {expectedIndices[i]}");
            }
        }
    }

    /// <summary>Within <see cref="ElementTypes.Tolerance"/> (<paramref name="roundings"/>: 1 against the float64 reference, 2 against PyTorch); NaN and infinities exactly.</summary>
    public static void Close(double[] actual, double[] expected, double[] magnitudes, ElementType type, string what, int roundings = 1)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            double want = expected[i];
            bool ok = double.IsFinite(want)
                ? Math.Abs(actual[i] - want) <= type.Tolerance(want, magnitudes[i], roundings)
                : double.IsNaN(want) ? double.IsNaN(actual[i]) : actual[i] == want;
            if (!ok)
            {
                Assert.Fail($"{what}: value [{i}] is {actual[i]}, expected {want} (tolerance {type.Tolerance(want, magnitudes[i], roundings)})");
            }
        }
    }

    /// <summary>
    /// For an oracle that accumulates a gradient in the narrow type itself (Debian's PyTorch 1.13
    /// does so for bfloat16 on the CPU; PyTorch's CUDA kernels and this library accumulate in
    /// float32): each of an element's shares may add one rounding, so allow one unit in the last
    /// place of the type at the element's magnitude per share, on top of <see cref="Close"/>'s.
    /// </summary>
    public static void CloseToNarrowAccumulation(double[] actual, double[] expected, ReferenceGradient reference, ElementType type, string what)
    {
        var widened = reference.Magnitudes.Select((m, i) => m + reference.Counts[i] * Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(m, 1e-30))) - type.MantissaBits()) / Expect.AverageTolerance).ToArray();
        Close(actual, expected, widened, type, what, roundings: 2);
    }
}
