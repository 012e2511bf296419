using System.Runtime.InteropServices;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Test tensors made as bits, for comparisons of bits: ties, ordinary values, both zeros,
/// subnormals, infinities, NaNs of either sign with random payloads, and arbitrary bit patterns,
/// in each element type's own encoding. The same seed gives the same bits. One seed in three
/// keeps only one NaN in 25 (zeros of either sign instead) and makes half the other values
/// negative: a wide row then holds windows with and without NaNs, which the host's vector forms
/// reduce by different instructions, and many windows whose maximum is a tie of +0 and -0.
/// </summary>
public static class RawData
{
    /// <summary><paramref name="length"/> elements of <paramref name="type"/>'s storage type, as bytes.</summary>
    public static byte[] Make(ElementType type, long length, int seed)
    {
        var random = new Random(seed);
        bool rareNaN = seed % 3 == 0;
        var (bits, mantissaBits) = type switch
        {
            ElementType.Float64 => (64, 52),
            ElementType.Float16 => (16, 10),
            ElementType.BFloat16 => (16, 7),
            _ => (32, 23),
        };
        ulong sign = 1UL << (bits - 1);
        ulong infinity = (sign - 1) & ~((1UL << mantissaBits) - 1);
        ulong mantissa = (1UL << mantissaBits) - 1;
        var values = new ulong[length];
        for (long i = 0; i < length; i++)
        {
            ulong signBit = random.Next(2) == 0 ? 0 : sign;
            values[i] = random.Next(100) switch
            {
                < 40 => Encode(type, random.Next(-4, 5) * 0.5f),
                < 62 => Encode(type, (float)(random.NextDouble() * 8 - 4)),
                < 70 => signBit | infinity | (1 + (ulong)random.NextInt64((long)mantissa)),
                < 78 => sign | infinity,
                < 80 => infinity,
                < 84 => signBit,
                < 87 => signBit | (1 + (ulong)random.NextInt64((long)mantissa)),
                _ => (ulong)random.NextInt64() & (bits == 64 ? ulong.MaxValue : (1UL << bits) - 1),
            };
            if (rareNaN && (values[i] & ~sign) > infinity && random.Next(25) != 0)
            {
                values[i] = signBit;
            }
            else if (rareNaN && random.Next(2) == 0)
            {
                values[i] |= sign;
            }
        }

        var bytes = new byte[length * bits / 8];
        for (long i = 0; i < length; i++)
        {
            switch (bits)
            {
                case 64:
                    MemoryMarshal.Write(bytes.AsSpan((int)(i * 8)), values[i]);
                    break;
                case 32:
                    MemoryMarshal.Write(bytes.AsSpan((int)(i * 4)), (uint)values[i]);
                    break;
                default:
                    MemoryMarshal.Write(bytes.AsSpan((int)(i * 2)), (ushort)values[i]);
                    break;
            }
        }

        return bytes;
    }

    /// <summary>
    /// <paramref name="length"/> elements of integer <paramref name="type"/>, as bytes: by the
    /// seed, values from the whole range, the extremes (ties, and neighbours one apart), or the
    /// lowest four (padding acts as the lowest and must never win).
    /// </summary>
    public static byte[] Integers(IntegerType type, long length, int seed) =>
        type.Dispatch(new IntegerBytes(IntegerData.Make(length, (IntegerDataKind)(seed % 3), type, seed)));

    /// <summary>
    /// The first byte where <paramref name="actual"/> and <paramref name="expected"/> differ, or -1;
    /// with <paramref name="anyNaN"/>, both are elements of <paramref name="type"/>, and two NaNs
    /// are equal whatever their signs and payloads.
    /// </summary>
    public static long FirstDifference(byte[] actual, byte[] expected, ElementType type, bool anyNaN)
    {
        int size = anyNaN ? type switch { ElementType.Float64 => 8, ElementType.Float16 or ElementType.BFloat16 => 2, _ => 4 } : 1;
        if (actual.Length != expected.Length)
        {
            return Math.Min(actual.Length, expected.Length);
        }

        for (int i = 0; i < actual.Length; i += size)
        {
            var a = actual.AsSpan(i, size);
            var e = expected.AsSpan(i, size);
            if (!a.SequenceEqual(e) && !(anyNaN && IsNaN(type, a) && IsNaN(type, e)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The elements of <paramref name="bytes"/> as <typeparamref name="T"/>.</summary>
    public static T[] As<T>(byte[] bytes)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes).ToArray();

    /// <summary>The bytes of <paramref name="values"/>.</summary>
    public static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static bool IsNaN(ElementType type, ReadOnlySpan<byte> bits) => type switch
    {
        ElementType.Float64 => double.IsNaN(MemoryMarshal.Read<double>(bits)),
        ElementType.Float16 => System.Half.IsNaN(MemoryMarshal.Read<System.Half>(bits)),
        ElementType.BFloat16 => float.IsNaN(MemoryMarshal.Read<BFloat16>(bits)),
        _ => float.IsNaN(MemoryMarshal.Read<float>(bits)),
    };

    private readonly record struct IntegerBytes(long[] Values) : IIntegerCall<byte[]>
    {
        public byte[] Call<T>()
            where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> =>
            Bytes(Values.Select(T.CreateTruncating).ToArray());
    }

    private static ulong Encode(ElementType type, float value) => type switch
    {
        ElementType.Float64 => (ulong)BitConverter.DoubleToInt64Bits(value),
        ElementType.Float16 => BitConverter.HalfToUInt16Bits((System.Half)value),
        ElementType.BFloat16 => ((BFloat16)value).RawValue,
        _ => BitConverter.SingleToUInt32Bits(value),
    };
}
