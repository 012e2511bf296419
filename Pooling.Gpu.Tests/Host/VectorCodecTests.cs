using System.Runtime.Intrinsics;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The host path's vector conversions give the kernels' scalar bits: every float16 and bfloat16
/// value loaded, and float32 values rounded to each at every kind of boundary (ties, the largest
/// finite values and overflow, subnormals, zeros, infinities, NaNs of any payload and sign) and at random.
/// </summary>
public sealed unsafe class VectorCodecTests
{
    [Test]
    public void EveryHalfLoadsAsTheKernelsLoadIt() =>
        CheckLoads<ILGPU.Half>(bits => default(HalfCodec).ToFloat(*(ILGPU.Half*)&bits));

    [Test]
    public void EveryBFloat16LoadsAsTheKernelsLoadIt() =>
        CheckLoads<BFloat16>(bits => default(BFloat16Codec).ToFloat(new BFloat16(bits)));

    [Test]
    public void FloatsRoundToHalfAsTheKernelsRoundThem() =>
        CheckStores<ILGPU.Half>(value => HalfCodec.ToHalfBits(value));

    [Test]
    public void FloatsRoundToBFloat16AsTheKernelsRoundThem() =>
        CheckStores<BFloat16>(value => default(BFloat16Codec).FromFloat(value).RawValue);

    private static void CheckLoads<T>(Func<ushort, float> scalar)
        where T : unmanaged
    {
        var bits = Enumerable.Range(0, 1 << 16).Select(i => (ushort)i).ToArray();
        var loaded = new float[8];
        fixed (ushort* source = bits)
        fixed (float* target = loaded)
        {
            for (int i = 0; i < bits.Length; i += 8)
            {
                VectorCodec<T>.Load((T*)(source + i)).Store(target);
                for (int lane = 0; lane < 8; lane++)
                {
                    uint expected = BitConverter.SingleToUInt32Bits(scalar(bits[i + lane]));
                    if (BitConverter.SingleToUInt32Bits(loaded[lane]) != expected)
                    {
                        Assert.Fail($"0x{bits[i + lane]:X4} loads as 0x{BitConverter.SingleToUInt32Bits(loaded[lane]):X8}, the kernels' 0x{expected:X8}");
                    }
                }
            }
        }
    }

    private static void CheckStores<T>(Func<float, ushort> scalar)
        where T : unmanaged
    {
        var values = StoreCases().ToArray();
        var stored = new ushort[8];
        fixed (float* source = values)
        fixed (ushort* target = stored)
        {
            for (int i = 0; i + 8 <= values.Length; i += 8)
            {
                VectorCodec<T>.Store(Vector256.Load(source + i), (T*)target);
                for (int lane = 0; lane < 8; lane++)
                {
                    ushort expected = scalar(values[i + lane]);
                    if (stored[lane] != expected)
                    {
                        Assert.Fail($"{values[i + lane]:R} (0x{BitConverter.SingleToUInt32Bits(values[i + lane]):X8}) rounds to 0x{stored[lane]:X4}, the kernels to 0x{expected:X4}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Float bits around every exponent and around each rounding boundary of a 10- or 7-bit
    /// mantissa (the boundary, its neighbours, with either parity below), both signs, special
    /// values, and random bits: a multiple of 8.
    /// </summary>
    private static IEnumerable<float> StoreCases()
    {
        var random = new Random(3);
        var cases = new List<uint>();
        for (uint exponent = 0; exponent < 256; exponent++)
        {
            foreach (int shift in new[] { 13, 16 })
            {
                for (uint upper = 0; upper < 4; upper++)
                {
                    uint boundary = (exponent << 23) | (upper << shift) | (1u << (shift - 1));
                    cases.AddRange([boundary, boundary - 1, boundary + 1, (exponent << 23) | (upper << shift)]);
                }
            }

            cases.Add((exponent << 23) | 0x7FFFFF);
            cases.Add((exponent << 23) | (uint)random.Next(1 << 23));
        }

        cases.AddRange(Enumerable.Range(0, 4096).Select(_ => (uint)random.NextInt64(1L << 31)));
        var all = cases.SelectMany(bits => new[] { bits, bits | 0x80000000u }).ToList();
        while (all.Count % 8 != 0)
        {
            all.Add(0);
        }

        return all.Select(BitConverter.UInt32BitsToSingle);
    }
}
