using System.Numerics;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The kernels' grid-stride loops split an element index by division once and then step by
/// carries (<see cref="GridWalk{TLayout}"/>), and divide in 32 bits when the operands fit
/// (<see cref="Divide"/>) or by a multiply with a divisor prepared on the host (<see cref="Divisor"/>). All against plain BigInteger arithmetic, at sizes around the 32-bit
/// boundary and far past it, for both layouts.
/// </summary>
public sealed class GridWalkTests
{
    /// <summary>(N, C, D, H, W): unit dims, odd ones, and dims at and past 2^32.</summary>
    private static readonly TensorDims[] Shapes =
    [
        new(1, 1, 1, 1, 1), new(2, 3, 1, 5, 7), new(0, 4, 1, 3, 3), new(3, 5, 2, 3, 4), new(1, 1, 1, 1, 9),
        new(7, 1, 1, 1, 1), new(2, 64, 1, 112, 112), new(3, 2, 1, 1L << 32, 3), new(2, 3, 1, 5, (1L << 32) + 1),
        new(5, (1L << 31) + 3, 1, 2, 2), new(1L << 20, 3, 7, 11, 13), new(2, 1, 3_000_000_000, 1, 2),
    ];

    /// <summary>Grid strides: 1 (the CPU accelerator's smallest grid), odd ones, a large GPU grid, and strides past a plane or the whole tensor.</summary>
    private static readonly long[] Strides = [1, 2, 3, 31, 256, 1_081_344, (1L << 32) + 7, 1L << 40];

    private static IEnumerable<TestCaseData> Cases =>
        from dims in Shapes
        from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
        select new TestCaseData(dims.N, dims.C, dims.D, dims.H, dims.W, layout).SetArgDisplayNames($"{dims.N}x{dims.C}x{dims.D}x{dims.H}x{dims.W}", $"{layout}");

    [TestCaseSource(nameof(Cases))]
    public void EveryStepHasTheCoordinatesOfItsIndex(long n, long c, long d, long h, long w, TensorLayout layout)
    {
        var dims = new TensorDims(n, c, d, h, w);
        var random = new Random(17);
        long length = Math.Max(1, dims.Length);
        Assert.Multiple(() =>
        {
            foreach (long stride in Strides)
            {
                long[] firsts = [0, 1, stride - 1, length - 1, length / 2, random.NextInt64(length), length, length + stride];
                foreach (long first in firsts.Where(f => f >= 0).Distinct())
                {
                    var steps = layout == TensorLayout.ChannelsFirst ? Walk<ChannelsFirst>(dims, first, stride) : Walk<ChannelsLast>(dims, first, stride);
                    BigInteger index = first;
                    foreach (var (at, walkIndex) in steps)
                    {
                        Assert.That((BigInteger)walkIndex, Is.EqualTo(index), $"stride {stride}, first {first}");
                        Assert.That(at, Is.EqualTo(Expected(dims, layout, index)), $"stride {stride}, first {first}, index {index}");
                        index += stride;
                    }
                }
            }
        });
    }

    [Test]
    public void DivisionIsExactOnBothSidesOf32Bits()
    {
        long[] values =
        [
            0, 1, 2, 3, 7, 255, 65535, int.MaxValue - 1, int.MaxValue, 1L << 31, uint.MaxValue - 1, uint.MaxValue, 1L << 32, (1L << 32) + 1,
            3_000_000_000, 6_000_000_001, 1L << 40, (1L << 53) + 1, long.MaxValue - 1, long.MaxValue,
        ];
        Assert.Multiple(() =>
        {
            foreach (long dividend in values)
            {
                foreach (long divisor in values.Where(v => v > 0))
                {
                    long quotient = Divide.Quotient(dividend, divisor, out long remainder);
                    var expected = BigInteger.DivRem(dividend, divisor, out var expectedRemainder);
                    Assert.That(((BigInteger)quotient, (BigInteger)remainder), Is.EqualTo((expected, expectedRemainder)), $"{dividend} / {divisor}");
                    Assert.That(Divide.Floor(dividend, divisor), Is.EqualTo(quotient), $"{dividend} / {divisor}");
                }
            }
        });
    }

    [Test]
    public void PreparedDivisorsAreExactForEveryDividend()
    {
        var random = new Random(5);
        long[] divisors =
        [
            1, 2, 3, 5, 7, 112, 641, 65535, 65536, 65537, 46341, int.MaxValue, 1L << 31, (1L << 31) + 1, 3_000_000_000, uint.MaxValue - 1, uint.MaxValue,
            1L << 32, (1L << 32) + 1, 1L << 40, long.MaxValue, .. Enumerable.Range(0, 40).Select(_ => random.NextInt64(1, 1L << 32)),
        ];
        long[] edges = [0, 1, 2, int.MaxValue, 1L << 31, uint.MaxValue - 1, uint.MaxValue, 1L << 32, (1L << 32) + 1, 1L << 62, long.MaxValue];
        Assert.Multiple(() =>
        {
            foreach (long divisor in divisors)
            {
                var prepared = new Divisor(divisor);
                // Multiples of the divisor and their neighbours are where a rounding error would show.
                var dividends = edges.Concat(Enumerable.Range(0, 200).Select(_ => random.NextInt64(uint.MaxValue)))
                    .SelectMany(n => new[] { n, n / divisor * divisor, n / divisor * divisor - 1 })
                    .Where(n => n >= 0);
                foreach (long dividend in dividends)
                {
                    Assert.That(prepared.Floor(dividend), Is.EqualTo(dividend / divisor), $"{dividend} / {divisor}");
                }
            }
        });
    }

    /// <summary>Up to 40 steps of a walk, each step's coordinates and index.</summary>
    private static List<(Coordinates At, long Index)> Walk<TLayout>(TensorDims dims, long first, long stride)
        where TLayout : struct, ILayout
    {
        var walk = new GridWalk<TLayout>(dims, first, GridStep.Of<TLayout>(dims, stride));
        var steps = new List<(Coordinates, long)>();
        for (int step = 0; step < 40; step++, walk.Advance())
        {
            steps.Add((walk.At, walk.Index));
        }

        return steps;
    }

    /// <summary>The coordinates of <paramref name="index"/> by division, the slowest dim unbounded.</summary>
    private static Coordinates Expected(TensorDims dims, TensorLayout layout, BigInteger index)
    {
        long[] radices = layout == TensorLayout.ChannelsFirst ? [dims.W, dims.H, dims.D, dims.C] : [dims.C, dims.W, dims.H, dims.D];
        var digits = new long[5];
        for (int i = 0; i < 4; i++)
        {
            index = BigInteger.DivRem(index, radices[i], out var digit);
            digits[i] = (long)digit;
        }

        digits[4] = (long)index;
        return layout == TensorLayout.ChannelsFirst
            ? new Coordinates(digits[4], digits[3], digits[2], digits[1], digits[0])
            : new Coordinates(digits[4], digits[0], digits[3], digits[2], digits[1]);
    }
}
