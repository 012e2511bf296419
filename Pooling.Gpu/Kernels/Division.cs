using System.Numerics;

namespace Pooling.Gpu;

/// <summary>
/// Index division for kernels, of non-negative operands. A 64-bit division is a called subroutine
/// of 82 instructions in sm_90 machine code, a 32-bit one about 20 inline: divide in 32 bits when both
/// operands fit (as a compiler's "bypass slow division" would), skip dividing by 1 (the unused
/// spatial dims of 1D and 2D tensors), and take a remainder by a multiply, not a second division.
/// </summary>
internal static class Divide
{
    /// <summary><paramref name="dividend"/> / <paramref name="divisor"/>, rounded down; both non-negative, the divisor not 0.</summary>
    internal static long Floor(long dividend, long divisor) =>
        divisor == 1 ? dividend
        : ((ulong)(dividend | divisor) >> 32) == 0 ? (long)((uint)dividend / (uint)divisor)
        : dividend / divisor;

    /// <summary>The quotient and remainder of non-negative operands.</summary>
    internal static long Quotient(long dividend, long divisor, out long remainder)
    {
        long quotient = Floor(dividend, divisor);
        remainder = dividend - quotient * divisor;
        return quotient;
    }
}

/// <summary>
/// Division by a divisor known on the host, as a multiply and a shift (Granlund and Montgomery's
/// round-up method, as PyTorch's IntDivider): the host finds the magic number once, and a kernel
/// divides any dividend below 2^32 with a 32x32-bit high multiply, an add and a shift instead of
/// a division sequence. Dividends or divisors of 2^32 and more take a 64-bit division.
/// </summary>
/// <remarks>
/// With <c>l = ceil(log2 d)</c> and <c>m = floor(2^32 * (2^l - d) / d) + 1</c>, <c>floor(n / d) =
/// (floor(m * n / 2^32) + n) >> l</c> for every <c>n &lt; 2^32</c>; the sum needs 33 bits, so it is
/// taken in 64. <c>m</c> is below 2^32 for every d from 1 to 2^32 - 1.
/// </remarks>
internal readonly record struct Divisor
{
    private readonly uint magic;
    private readonly int shift;

    /// <summary>The magic number and shift for <paramref name="value"/>, at least 1.</summary>
    internal Divisor(long value)
    {
        Value = value;
        if (value < 1L << 32)
        {
            shift = 64 - BitOperations.LeadingZeroCount((ulong)value - 1);
            magic = (uint)(((1UL << 32) * ((1UL << shift) - (ulong)value) / (ulong)value) + 1);
        }
    }

    /// <summary>The divisor.</summary>
    internal long Value { get; }

    /// <summary><paramref name="dividend"/> / <see cref="Value"/> rounded down, for a non-negative dividend.</summary>
    internal long Floor(long dividend) =>
        ((ulong)(dividend | Value) >> 32) == 0
            ? (long)(((((ulong)magic * (ulong)dividend) >> 32) + (ulong)dividend) >> shift)
            : dividend / Value;
}
