using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pooling.Gpu;

/// <summary>
/// Elements of a float storage type (float, ILGPU.Half, BFloat16) loaded into float32 and
/// rounded back, eight at a time or one, exactly as <see cref="FloatElement{T, TCodec}"/> converts
/// one: the same bits, NaNs included (tests check every float16 and bfloat16 value, and rounding at
/// every boundary). The type tests fold away when the JIT specialises <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">The storage type.</typeparam>
internal static unsafe class VectorCodec<T>
    where T : unmanaged
{
    /// <summary>Whether <typeparamref name="T"/> is one of the three types, on a machine with 256-bit vectors.</summary>
    internal static bool Supported => Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(ILGPU.Half) || typeof(T) == typeof(BFloat16));

    /// <summary>Elements <c>source[0..8)</c> as float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Load(T* source) =>
        typeof(T) == typeof(float) ? Vector256.Load((float*)source)
        : typeof(T) == typeof(ILGPU.Half) ? HalfBits.Load((ushort*)source)
        : BFloat16Bits.Load((ushort*)source);

    /// <summary>Rounds <paramref name="values"/> into <c>target[0..8)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector256<float> values, T* target)
    {
        if (typeof(T) == typeof(float))
        {
            values.Store((float*)target);
        }
        else if (typeof(T) == typeof(ILGPU.Half))
        {
            HalfBits.Store(values, (ushort*)target);
        }
        else
        {
            BFloat16Bits.Store(values, (ushort*)target);
        }
    }

    /// <summary>Rounds the first <paramref name="lanes"/> of <paramref name="values"/> into <c>target[0..lanes)</c>, through <paramref name="spill"/> (8 elements) when fewer than 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector256<float> values, T* target, int lanes, T* spill)
    {
        if (lanes == 8)
        {
            Store(values, target);
            return;
        }

        // A loop, not a copy call: a call here would make the JIT keep the caller's vectors in memory.
        Store(values, spill);
        for (int j = 0; j < lanes; j++)
        {
            target[j] = spill[j];
        }
    }

    /// <summary>One element as float32: the kernels' own codec.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float LoadOne(T value) =>
        typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref value)
        : typeof(T) == typeof(ILGPU.Half) ? default(HalfCodec).ToFloat(Unsafe.As<T, ILGPU.Half>(ref value))
        : default(BFloat16Codec).ToFloat(Unsafe.As<T, BFloat16>(ref value));

    /// <summary>One float32 rounded to the storage type: the kernels' own codec.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T StoreOne(float value)
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<float, T>(ref value);
        }

        if (typeof(T) == typeof(ILGPU.Half))
        {
            var half = default(HalfCodec).FromFloat(value);
            return Unsafe.As<ILGPU.Half, T>(ref half);
        }

        var brain = default(BFloat16Codec).FromFloat(value);
        return Unsafe.As<BFloat16, T>(ref brain);
    }

    /// <summary>Converts <paramref name="count"/> elements to float32, eight at a time, the rest one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void LoadAll(T* source, float* target, long count)
    {
        long i = 0;
        for (; i + 8 <= count; i += 8)
        {
            Load(source + i).Store(target + i);
        }

        for (; i < count; i++)
        {
            target[i] = LoadOne(source[i]);
        }
    }

    /// <summary>Rounds <paramref name="count"/> float32 values to the storage type, eight at a time, the rest one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void StoreAll(float* source, T* target, long count)
    {
        long i = 0;
        for (; i + 8 <= count; i += 8)
        {
            Store(Vector256.Load(source + i), target + i);
        }

        for (; i < count; i++)
        {
            target[i] = StoreOne(source[i]);
        }
    }
}

/// <summary>
/// float16 bits. Load: the exact conversion, NaN payloads kept, as ILGPU's table-driven one.
/// Store: <see cref="HalfCodec.ToHalfBits"/>, lane by lane the same integer and float steps.
/// </summary>
internal static unsafe class HalfBits
{
    internal static Vector256<float> Load(ushort* source)
    {
        var bits = Widen(Vector128.Load(source));
        var magnitude = bits & Vector256.Create(0x7FFFu);
        var shifted = (magnitude << 13) + Vector256.Create(112u << 23);

        // Infinities and NaNs: the top exponent, the mantissa (payload) kept.
        shifted = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(magnitude, Vector256.Create(0x7C00u)), shifted + Vector256.Create(112u << 23), shifted);

        // Zeros and subnormals: m * 2^-24, exactly, as (2^-14 + m * 2^-24) - 2^-14.
        var subnormal = ((magnitude << 13) + Vector256.Create(113u << 23)).AsSingle() - Vector256.Create(113u << 23).AsSingle();
        var value = Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(0x400u)), subnormal.AsUInt32(), shifted);
        return (value | ((bits & Vector256.Create(0x8000u)) << 16)).AsSingle();
    }

    internal static void Store(Vector256<float> values, ushort* target)
    {
        const uint Float16Max = (127u + 16) << 23;
        const uint Float32Infinity = 255u << 23;
        const uint SmallestNormal = 113u << 23;
        const uint DenormalMagic = ((127u - 15) + (23 - 10) + 1) << 23;
        var bits = values.AsUInt32();
        var sign = bits & Vector256.Create(0x80000000u);
        bits ^= sign;

        // Below 2^31 once the sign is cleared: signed comparisons order the bits as unsigned ones do.
        var magnitude = bits.AsInt32();
        var overflow = Vector256.ConditionalSelect(
            Vector256.GreaterThan(magnitude, Vector256.Create((int)Float32Infinity)).AsUInt32(), Vector256.Create(0x7E00u), Vector256.Create(0x7C00u));
        var subnormal = (bits.AsSingle() + Vector256.Create(DenormalMagic).AsSingle()).AsUInt32() - Vector256.Create(DenormalMagic);
        var odd = (bits >> 13) & Vector256<uint>.One;
        var normal = (bits + Vector256.Create(unchecked((uint)((15 - 127) << 23))) + Vector256.Create(0xFFFu) + odd) >> 13;
        var half = Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(magnitude, Vector256.Create((int)Float16Max)).AsUInt32(),
            overflow,
            Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create((int)SmallestNormal)).AsUInt32(), subnormal, normal));
        Narrow(half | (sign >> 16)).Store(target);
    }

    /// <summary>Eight 16-bit lanes zero-extended to 32 bits.</summary>
    internal static Vector256<uint> Widen(Vector128<ushort> bits) => Vector256.Create(Vector128.WidenLower(bits), Vector128.WidenUpper(bits));

    /// <summary>The low 16 bits of eight 32-bit lanes.</summary>
    internal static Vector128<ushort> Narrow(Vector256<uint> bits) => Vector128.Narrow(bits.GetLower(), bits.GetUpper());
}

/// <summary>bfloat16 bits: the top 16 bits of a float32; rounding to nearest even, every NaN to 0x7FC0, as <see cref="BFloat16"/>.</summary>
internal static unsafe class BFloat16Bits
{
    internal static Vector256<float> Load(ushort* source) => (HalfBits.Widen(Vector128.Load(source)) << 16).AsSingle();

    internal static void Store(Vector256<float> values, ushort* target)
    {
        var bits = values.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        var nan = ~Vector256.Equals(values, values);
        HalfBits.Narrow(Vector256.ConditionalSelect(nan.AsUInt32(), Vector256.Create(0x7FC0u), rounded)).Store(target);
    }
}
