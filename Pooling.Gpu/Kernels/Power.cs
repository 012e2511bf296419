using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// <c>pow(x, y)</c> in float64 from additions, multiplications, divisions and bit operations
/// only. ILGPU's PTX backend compiles <c>Math.Pow</c> only when the context has NVIDIA's
/// libdevice, which an engine made from a caller's accelerator cannot promise; this code
/// compiles everywhere and gives the same result on every accelerator (up to fused
/// multiply-adds). It follows PyTorch's <c>pow</c> of a tensor and a finite scalar: C's
/// <c>pow</c> (<c>pow(x, 0) = 1</c> even for NaN, a finite negative base needs an integral exponent,
/// signed zeros and infinities as C), except for the exponents 0.5 and -0.5, which PyTorch's CPU
/// and CUDA kernels compute as <c>sqrt</c> and <c>rsqrt</c>: there -inf gives NaN and -0 gives -0
/// and -inf. Integral exponents up to 64 multiply (so <c>x^2 = x*x</c>, as PyTorch), others are
/// <c>2^(y*log2|x|)</c>, whose relative error grows
/// with that exponent t as the roundings of t do, about <c>|t| * 3e-16</c> (under 4e-13; far below a
/// float32 unit for the float element types).
/// </summary>
internal static class Power
{
    private const double Ln2 = 0.69314718055994530942;
    private const double Log2E = 1.44269504088896340736;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>x to the power y, for a y that is neither NaN nor infinite.</summary>
    internal static double Pow(double x, double y)
    {
        if (y == 0)
        {
            return 1;
        }

        if (y == 0.5)
        {
            return Math.Sqrt(x);
        }

        if (y == -0.5)
        {
            return 1 / Math.Sqrt(x);
        }

        if (double.IsNaN(x))
        {
            return x;
        }

        bool integral = Math.Floor(y) == y;
        if (x < 0 && x != double.NegativeInfinity && !integral)
        {
            return double.NaN;
        }

        // The sign bit, not x < 0: -0.0 to an odd power is -0.0 (or -inf), as in C.
        bool negativeBase = (Interop.FloatAsInt(x) >> 63) != 0;
        double magnitude = Magnitude(Math.Abs(x), y, integral);
        bool odd = integral && Math.Floor(y * 0.5) != y * 0.5;
        return negativeBase && odd ? -magnitude : magnitude;
    }

    /// <summary>a^y for a &gt;= 0.</summary>
    private static double Magnitude(double a, double y, bool integral)
    {
        if (a == 0)
        {
            return y > 0 ? 0 : double.PositiveInfinity;
        }

        if (a == double.PositiveInfinity)
        {
            return y > 0 ? double.PositiveInfinity : 0;
        }

        if (integral && Math.Abs(y) <= 64)
        {
            // A negative power multiplies 1/a, so that a result near the bottom of the range
            // underflows gradually instead of through 1/infinity.
            double result = 1;
            double square = y > 0 ? a : 1 / a;
            for (int n = (int)Math.Abs(y); n != 0; n >>= 1)
            {
                if ((n & 1) != 0)
                {
                    result *= square;
                }

                square *= square;
            }

            return result;
        }

        return Exp2(y * Log2(a));
    }

    /// <summary>log2 of a finite a &gt; 0: the exponent, plus ln(m)/ln(2) of the mantissa m in [0.7, 1.42) by the atanh series.</summary>
    private static double Log2(double a)
    {
        int scale = 0;
        if (a < double.Epsilon * 4503599627370496.0)
        {
            // Subnormal: scale into the normal range first (2^52 = 4503599627370496).
            a *= 4503599627370496.0;
            scale = -52;
        }

        ulong bits = Interop.FloatAsInt(a);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023 + scale;
        double m = Interop.IntAsFloat((bits & 0x000FFFFFFFFFFFFFul) | 0x3FF0000000000000ul);
        if (m > Sqrt2)
        {
            m *= 0.5;
            exponent++;
        }

        // ln(m) = 2*atanh(s) = 2*(s + s^3/3 + s^5/5 + ...), |s| <= 0.172: 12 terms reach 1e-18.
        double s = (m - 1) / (m + 1);
        double s2 = s * s;
        double series = 0;
        for (int k = 11; k >= 0; k--)
        {
            series = 1.0 / (2 * k + 1) + s2 * series;
        }

        return exponent + 2 * s * series * Log2E;
    }

    /// <summary>2^t: the integer part as exponent bits, 2^f = e^(f*ln2) of the rest by its Taylor series.</summary>
    private static double Exp2(double t)
    {
        if (t >= 1024)
        {
            return double.PositiveInfinity;
        }

        if (t < -1100)
        {
            return 0;
        }

        double n = Math.Floor(t + 0.5);
        double r = (t - n) * Ln2;

        // |r| <= 0.347: 18 terms of the series reach 1e-20.
        double sum = 1;
        for (int k = 18; k >= 1; k--)
        {
            sum = 1 + r * sum / k;
        }

        // Scale by 2^n in steps that stay normal: n lies in [-1100, 1024].
        int e = (int)n;
        if (e > 1000)
        {
            sum *= Interop.IntAsFloat((ulong)(1000 + 1023) << 52);
            e -= 1000;
        }
        else if (e < -1000)
        {
            sum *= Interop.IntAsFloat((ulong)(-1000 + 1023) << 52);
            e += 1000;
        }

        return sum * Interop.IntAsFloat((ulong)(e + 1023) << 52);
    }
}
