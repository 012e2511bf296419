using System.Numerics;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The index and window math at sizes near and far beyond the int limits (H = 3e9, planes of
/// more than 2^31 elements, outputs near 2^31), against <see cref="BigReference"/>. These are the
/// host-side twins of what every kernel computes per thread, so no large tensor is needed.
/// </summary>
public sealed class WindowMath64Tests
{
    private const long TwoTo31 = 1L << 31;

    /// <summary>Input sizes: the int limits, 3e9, a 46341 x 46341 plane, 2^40, 2^53 + 1 (past double's integers), 2^62.</summary>
    private static readonly long[] Sizes =
    [
        TwoTo31 - 1, TwoTo31, TwoTo31 + 1, 3_000_000_000, (1L << 32) + 1, 46341L * 46341, 1L << 40, (1L << 53) + 1, 1L << 62,
    ];

    /// <summary>
    /// (kernel, stride, padding, dilation) within the padding rule, from the usual to int.MaxValue,
    /// and dilated spans and paddings whose (k-1)*d and 2*p pass int (as they may: all are ints).
    /// </summary>
    private static readonly (int K, int S, int P, int D)[] Windows =
    [
        (1, 1, 0, 1), (2, 2, 0, 1), (3, 2, 1, 1), (3, 1, 2, 2), (5, 3, 2, 3), (7, int.MaxValue, 3, 1),
        (65536, 65535, 32768, 1), (int.MaxValue, 1, int.MaxValue / 2, 1), (46341, 7, 46340, 2), (2, 1, 0, int.MaxValue),
        (65536, 3, 0, 65536), (65536, 3, 2_000_000_000, 65536),
    ];

    private static IEnumerable<TestCaseData> StridedCases =>
        from size in Sizes
        from w in Windows
        from ceil in new[] { false, true }
        select new TestCaseData(size, w.K, w.S, w.P, w.D, ceil).SetArgDisplayNames($"in {size}", $"k{w.K} s{w.S} p{w.P} d{w.D}", ceil ? "ceil" : "floor");

    /// <summary>The strided cases with at least one window (a dilated kernel of 2^31 does not fit an input of 2^31 - 1).</summary>
    private static IEnumerable<TestCaseData> StridedCasesWithWindows =>
        StridedCases.Where(c => BigReference.OutputSize((long)c.Arguments[0]!, (int)c.Arguments[1]!, (int)c.Arguments[2]!, (int)c.Arguments[3]!, (int)c.Arguments[4]!, (bool)c.Arguments[5]!) > 0);

    /// <summary>(input, output) sizes of adaptive pooling, up to products just below 2^63.</summary>
    private static IEnumerable<TestCaseData> AdaptiveCases =>
        from pair in new (long Input, int Output)[]
        {
            (3_000_000_000, 7), (3_000_000_000, int.MaxValue), (TwoTo31 + 1, int.MaxValue), (46341L * 46341, 1), (1L << 32, int.MaxValue),
            (1, int.MaxValue), (5, int.MaxValue), (long.MaxValue / int.MaxValue, int.MaxValue), (1L << 62, 2),
        }
        select new TestCaseData(pair.Input, pair.Output).SetArgDisplayNames($"in {pair.Input}", $"out {pair.Output}");

    [TestCaseSource(nameof(StridedCases))]
    public void OutputSizeIsExact(long size, int k, int s, int p, int d, bool ceil) =>
        Assert.That((BigInteger)PoolingRules.OutputSize(size, k, s, p, d, ceil), Is.EqualTo(BigReference.OutputSize(size, k, s, p, d, ceil)));

    [TestCaseSource(nameof(StridedCasesWithWindows))]
    public void StridedWindowsAndTheirCoveringOutputsAreExact(long size, int k, int s, int p, int d, bool ceil)
    {
        long outputs = PoolingRules.OutputSize(size, k, s, p, d, ceil);
        // The same sizes on every axis: depth, rows and columns are each checked.
        var shape = new PoolShape(new TensorDims(3, 1, size, size, size), new TensorDims(3, 1, outputs, outputs, outputs));
        var spec = new AxisSpec(k, s, p, d);
        Assert.Multiple(() =>
        {
            foreach (var divisor in new[] { PaddingInDivisor.Included, PaddingInDivisor.Excluded })
            {
                var geometry = new StridedWindows(shape, spec, spec, spec, divisor);
                foreach (long o in Samples(outputs))
                {
                    var (first, count, paddedExtent) = BigReference.Strided(o, size, k, s, p, d);
                    foreach (var (axis, window) in new[] { ("depth", geometry.Depth(o)), ("rows", geometry.Rows(o)), ("cols", geometry.Cols(o)) })
                    {
                        Assert.That(Count(window), Is.EqualTo(count), $"{axis} window {o}: positions inside");
                        if (count > 0)
                        {
                            Assert.That((BigInteger)window.Start, Is.EqualTo(first), $"{axis} window {o}: first position inside");
                        }

                        if (d == 1)
                        {
                            Assert.That((BigInteger)window.Extent, Is.EqualTo(divisor == PaddingInDivisor.Included ? paddedExtent : count), $"{axis} window {o}: divisor extent");
                        }
                    }
                }

                foreach (long i in Samples(size))
                {
                    var (start, end) = BigReference.StridedCovering(i, outputs, k, s, p, d);
                    foreach (var (axis, range) in new[] { ("depth", geometry.DepthCovering(i)), ("rows", geometry.RowsCovering(i)), ("cols", geometry.ColsCovering(i)) })
                    {
                        // A position no window reaches (the tail in floor mode) may get any empty range.
                        if (start < end)
                        {
                            Assert.That(((BigInteger)range.Start, (BigInteger)range.End), Is.EqualTo((start, end)), $"{axis} covering {i}");
                        }
                        else
                        {
                            Assert.That(range.End, Is.LessThanOrEqualTo(range.Start), $"{axis} covering {i}: no window holds it");
                        }
                    }
                }
            }
        });
    }

    [TestCaseSource(nameof(AdaptiveCases))]
    public void AdaptiveWindowsAndTheirCoveringOutputsAreExact(long size, int outputs)
    {
        var geometry = new AdaptiveWindows(new PoolShape(new TensorDims(2, 1, size, size, size), new TensorDims(2, 1, outputs, outputs, outputs)));
        Assert.Multiple(() =>
        {
            foreach (long o in Samples(outputs))
            {
                var expected = BigReference.Adaptive(o, size, outputs);
                foreach (var (axis, window) in new[] { ("depth", geometry.Depth(o)), ("rows", geometry.Rows(o)), ("cols", geometry.Cols(o)) })
                {
                    Assert.That(((BigInteger)window.Start, (BigInteger)window.End), Is.EqualTo(expected), $"{axis} window {o}");
                    Assert.That((BigInteger)window.Extent, Is.EqualTo(expected.End - expected.Start), $"{axis} window {o}: divisor");
                }
            }

            foreach (long i in Samples(size))
            {
                var expected = BigReference.Adaptive(i, outputs, size);
                foreach (var (axis, range) in new[] { ("depth", geometry.DepthCovering(i)), ("rows", geometry.RowsCovering(i)), ("cols", geometry.ColsCovering(i)) })
                {
                    Assert.That(((BigInteger)range.Start, (BigInteger)range.End), Is.EqualTo(expected), $"{axis} covering {i}");
                }
            }
        });
    }

    [Test]
    public void LengthsOfTensorsAndLaunchesPassInt32()
    {
        long side = 46341;
        var shape = new TensorShape(2, 3, side, side);
        var launch = PoolShape.Of(shape, shape.WithSpatial(23170, 23170));
        Assert.Multiple(() =>
        {
            Assert.That((BigInteger)shape.PlaneLength, Is.EqualTo((BigInteger)side * side));
            Assert.That((BigInteger)shape.Length, Is.EqualTo(6 * (BigInteger)side * side));
            Assert.That((BigInteger)launch.Input.Length, Is.EqualTo(6 * (BigInteger)side * side));
            Assert.That((BigInteger)launch.Output.Length, Is.EqualTo(6 * (BigInteger)23170 * 23170));
            Assert.That(new MaxPool2dOptions(2).OutputShape(new TensorShape(1, 1, 3_000_000_000, 5)), Is.EqualTo(new TensorShape(1, 1, 1_500_000_000, 2)));
            Assert.That(new AvgPool2dOptions(3) { Stride = 1, Padding = 1 }.OutputShape(new TensorShape(1, 1, 1, 3_000_000_000)), Is.EqualTo(new TensorShape(1, 1, 1, 3_000_000_000)));
        });
    }

    /// <summary>Positions worth checking in [0, n): both ends, the int limits, and seeded random ones.</summary>
    private static IEnumerable<long> Samples(long n)
    {
        var random = new Random((int)(n % int.MaxValue));
        long[] fixedOnes = [0, 1, 2, n / 2, n - 2, n - 1, int.MaxValue - 1, int.MaxValue, TwoTo31 + 1, 1L << 32, 3_000_000_000];
        return fixedOnes.Concat(Enumerable.Range(0, 24).Select(_ => random.NextInt64(n))).Where(v => v >= 0 && v < n).Distinct();
    }

    private static BigInteger Count(AxisWindow window) =>
        window.Start < window.End ? BigReference.CeilDiv((BigInteger)window.End - window.Start, window.Step) : BigInteger.Zero;
}
