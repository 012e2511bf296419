using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The library's own float32 to float16 and bfloat16 rounding (used in every kernel, so that all
/// accelerators give the same bits) against .NET's IEEE float16 and PyTorch's bfloat16 rule.
/// </summary>
public sealed class RoundingTests
{
    /// <summary>Every float16 value, the midpoints between neighbours (ties), and a million random floats of every magnitude.</summary>
    private static IEnumerable<float> Floats()
    {
        for (int bits = 0; bits < 0x10000; bits++)
        {
            float value = (float)BitConverter.UInt16BitsToHalf((ushort)bits);
            yield return value;
            float next = (float)BitConverter.UInt16BitsToHalf((ushort)(bits + 1));
            yield return (float)(((double)value + next) / 2);
        }

        var random = new Random(7);
        for (int i = 0; i < 1_000_000; i++)
        {
            yield return BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
        }

        yield return float.MaxValue;
        yield return -float.Epsilon;
    }

    [Test]
    public void Float16RoundsToNearestEvenLikeIeee()
    {
        foreach (float value in Floats())
        {
            ushort expected = BitConverter.HalfToUInt16Bits((System.Half)value);
            ushort actual = HalfCodec.ToHalfBits(value);
            bool bothNaN = float.IsNaN(value) && (actual & 0x7FFF) > 0x7C00 && (expected & 0x7FFF) > 0x7C00;
            if (actual != expected && !bothNaN)
            {
                Assert.Fail($"{value:R} (0x{BitConverter.SingleToInt32Bits(value):X8}) gave 0x{actual:X4}, IEEE gives 0x{expected:X4}");
            }
        }
    }

    [Test]
    public void BFloat16RoundsToNearestEvenAndMakesNaNQuiet()
    {
        foreach (float value in Floats())
        {
            uint bits = (uint)BitConverter.SingleToInt32Bits(value);
            double exact = value;
            var rounded = (BFloat16)value;
            if (float.IsNaN(value))
            {
                Assert.That(rounded.RawValue, Is.EqualTo(0x7FC0), "NaN");
                continue;
            }

            if (float.IsInfinity(value))
            {
                Assert.That((float)rounded, Is.EqualTo(value), "infinity");
                continue;
            }

            // The two bfloat16 neighbours of the value in float64 (no overflow): the value with its
            // low 16 bits cleared, and one bfloat16 step further from zero; the nearer wins, a tie
            // goes to the even one, and a result of 2^128 or more is infinity.
            double down = BitConverter.Int32BitsToSingle((int)(bits & 0xFFFF0000u));
            int exponent = (int)((bits >> 23) & 0xFF);
            double step = Math.Pow(2, Math.Max(exponent, 1) - 127 - 7);
            double up = down + Math.CopySign(step, value);
            double toDown = Math.Abs(exact - down), toUp = Math.Abs(up - exact);
            float expected = (float)(toDown < toUp || (toDown == toUp && ((bits >> 16) & 1) == 0) ? down : up);
            Assert.That((float)rounded, Is.EqualTo(expected), $"{value:R}");
        }
    }
}
