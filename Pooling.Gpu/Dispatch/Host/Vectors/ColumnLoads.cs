using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Gpu;

/// <summary>One window position of eight consecutive output columns: <c>first[j * stride]</c> for j in 0..8.</summary>
internal unsafe interface IColumnLoad
{
    Vector256<float> Load(float* first, int stride);
}

/// <summary>Stride 1: one load.</summary>
internal readonly unsafe struct UnitStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) => Vector256.Load(first);
}

/// <summary>Stride 2: two loads, of first[0..8) and first[7..15), which end at the last lane's element.</summary>
internal readonly unsafe struct PairStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride)
    {
        var low = Vector256.Load(first);
        var high = Vector256.Load(first + 7);
        if (Avx2.IsSupported)
        {
            // [l0 l2 h1 h3 | l4 l6 h5 h7], then its 64-bit quarters reordered 0, 2, 1, 3.
            return Avx2.Permute4x64(Avx.Shuffle(low, high, 0b11_01_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
        }

        return Vector256.Create(low[0], low[2], low[4], low[6], high[1], high[3], high[5], high[7]);
    }
}

/// <summary>Any other stride: a gather.</summary>
internal readonly unsafe struct AnyStride : IColumnLoad
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Load(float* first, int stride) =>
        Avx2.IsSupported
            ? Avx2.GatherVector256(first, Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * stride, 4)
            : Vector256.Create(first[0], first[stride], first[2 * stride], first[3 * stride], first[4 * stride], first[5 * stride], first[6 * stride], first[7 * stride]);
}
