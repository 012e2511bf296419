using System.Numerics;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// What max pooling needs of an element type: values of <typeparamref name="T"/> are loaded into
/// the type <typeparamref name="TAcc"/> they are compared in and stored back unchanged (a maximum
/// is one of the inputs). Integer types have this part only: PyTorch max-pools them, forward only,
/// and refuses to average them.
/// </summary>
/// <typeparam name="T">The storage type.</typeparam>
/// <typeparam name="TAcc">The type compared in.</typeparam>
internal interface IMaxElement<T, TAcc>
    where T : unmanaged
    where TAcc : unmanaged
{
    /// <summary>Where a max starts and what padding acts as: -inf, or an integer type's MinValue.</summary>
    TAcc NegativeInfinity { get; }

    TAcc Load(T value);

    T Store(TAcc value);

    bool Greater(TAcc a, TAcc b);

    /// <summary>a == b, ordered: false when either is NaN.</summary>
    bool Equal(TAcc a, TAcc b);

    bool IsNaN(TAcc value);
}

/// <summary>
/// How a kernel reads, computes with and writes a floating element type: values of <typeparamref name="T"/>
/// are loaded into an accumulator type <typeparamref name="TAcc"/> (float for fp16, bf16 and fp32;
/// double for fp64, as PyTorch's acc_type) and rounded back once on store. Average, power-average
/// and every backward pooling need the arithmetic; max pooling needs <see cref="IMaxElement{T, TAcc}"/> only.
/// </summary>
/// <typeparam name="T">The storage type.</typeparam>
/// <typeparam name="TAcc">The type computed in.</typeparam>
internal interface IElement<T, TAcc> : IMaxElement<T, TAcc>
    where T : unmanaged
    where TAcc : unmanaged
{
    TAcc Zero { get; }

    TAcc Add(TAcc a, TAcc b);

    TAcc Divide(TAcc sum, long divisor);

    /// <summary>The value in float64, for math done there (power-average pooling).</summary>
    double ToDouble(TAcc value);

    /// <summary>A float64 result rounded to the accumulator type.</summary>
    TAcc FromDouble(double value);

    /// <summary>An integer in the accumulator type, rounded as a C++ cast (fractional pooling's window formula).</summary>
    TAcc FromInteger(long value);

    TAcc Multiply(TAcc a, TAcc b);

    /// <summary>Rounded toward zero, as a C++ cast to an integer (NaN and values past the long range give what the backend gives).</summary>
    long Truncate(TAcc value);
}

/// <summary>Conversion between a 32-bit-or-narrower float storage type and float32.</summary>
/// <typeparam name="T">The storage type.</typeparam>
internal interface IFloatCodec<T>
    where T : unmanaged
{
    float ToFloat(T value);

    T FromFloat(float value);
}

/// <summary>An element type computed in float32 (fp32, fp16, bf16): the arithmetic once, the conversion from the codec.</summary>
internal readonly struct FloatElement<T, TCodec> : IElement<T, float>
    where T : unmanaged
    where TCodec : struct, IFloatCodec<T>
{
    public float Zero => 0f;

    public float NegativeInfinity => float.NegativeInfinity;

    public float Load(T value) => default(TCodec).ToFloat(value);

    public T Store(float value) => default(TCodec).FromFloat(value);

    public float Add(float a, float b) => a + b;

    public float Divide(float sum, long divisor) => sum / divisor;

    public bool Greater(float a, float b) => a > b;

    public bool Equal(float a, float b) => a == b;

    public bool IsNaN(float value) => float.IsNaN(value);

    public double ToDouble(float value) => value;

    public float FromDouble(double value) => (float)value;

    public float FromInteger(long value) => value;

    public float Multiply(float a, float b) => a * b;

    public long Truncate(float value) => (long)value;
}

/// <summary>float32 storage.</summary>
internal readonly struct SingleCodec : IFloatCodec<float>
{
    public float ToFloat(float value) => value;

    public float FromFloat(float value) => value;
}

/// <summary>
/// float16 storage (ILGPU.Half; System.Half does not compile in ILGPU 1.5.3 kernels). Rounding
/// is done here, to nearest even, with integer operations: ILGPU's own float-to-Half conversion
/// truncates on the CPU accelerator (measured: half of all values differ from IEEE rounding),
/// and the library must give the same bits on every accelerator.
/// </summary>
internal readonly struct HalfCodec : IFloatCodec<ILGPU.Half>
{
    public float ToFloat(ILGPU.Half value) => value;

    public ILGPU.Half FromFloat(float value) => Interop.IntAsFloat(ToHalfBits(value));

    /// <summary>
    /// IEEE float32 to float16 bits, round to nearest even; NaN becomes a quiet NaN (0x7E00) with
    /// its sign, as PyTorch's <c>c10::Half</c>. (F. Giesen's float_to_half_fast3_rtne.)
    /// </summary>
    internal static ushort ToHalfBits(float value)
    {
        const uint Float16Max = (127u + 16) << 23;
        const uint Float32Infinity = 255u << 23;
        const uint SmallestNormal = 113u << 23;

        // Adding this float shifts a subnormal half's 10 mantissa bits to the bottom of a float,
        // rounding to nearest even by the float addition itself.
        const uint DenormalMagic = ((127u - 15) + (23 - 10) + 1) << 23;

        uint bits = Interop.FloatAsInt(value);
        uint sign = bits & 0x80000000u;
        bits ^= sign;
        uint half;
        if (bits >= Float16Max)
        {
            half = bits > Float32Infinity ? 0x7E00u : 0x7C00u;
        }
        else if (bits < SmallestNormal)
        {
            half = Interop.FloatAsInt(Interop.IntAsFloat(bits) + Interop.IntAsFloat(DenormalMagic)) - DenormalMagic;
        }
        else
        {
            uint odd = (bits >> 13) & 1u;
            half = (bits + unchecked((uint)((15 - 127) << 23)) + 0xFFFu + odd) >> 13;
        }

        return (ushort)(half | (sign >> 16));
    }
}

/// <summary>bfloat16 storage; round to nearest even, as PyTorch.</summary>
internal readonly struct BFloat16Codec : IFloatCodec<BFloat16>
{
    public float ToFloat(BFloat16 value) => value;

    public BFloat16 FromFloat(float value) => (BFloat16)value;
}

/// <summary>float64, computed in float64.</summary>
internal readonly struct DoubleElement : IElement<double, double>
{
    public double Zero => 0d;

    public double NegativeInfinity => double.NegativeInfinity;

    public double Load(double value) => value;

    public double Store(double value) => value;

    public double Add(double a, double b) => a + b;

    public double Divide(double sum, long divisor) => sum / divisor;

    public bool Greater(double a, double b) => a > b;

    public bool Equal(double a, double b) => a == b;

    public bool IsNaN(double value) => double.IsNaN(value);

    public double ToDouble(double value) => value;

    public double FromDouble(double value) => value;

    public double FromInteger(long value) => value;

    public double Multiply(double a, double b) => a * b;

    public long Truncate(double value) => (long)value;
}

/// <summary>
/// An integer type (int8, uint8, int16, int32, int64), compared in itself: it has no NaN, and
/// padding acts as its lowest value, as in PyTorch's CPU max pooling of integer tensors.
/// </summary>
/// <typeparam name="T">The integer type.</typeparam>
internal readonly struct IntegerElement<T> : IMaxElement<T, T>
    where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    public T NegativeInfinity => T.MinValue;

    public T Load(T value) => value;

    public T Store(T value) => value;

    public bool Greater(T a, T b) => a > b;

    public bool Equal(T a, T b) => a == b;

    public bool IsNaN(T value) => false;
}
