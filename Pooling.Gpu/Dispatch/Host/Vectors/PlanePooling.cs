using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Global pooling of channels-first tensors (adaptive pooling to 1x1x1, which global pooling is
/// on the host path), the host path's vector form of the window kernel's one window per plane.
/// Average: eight planes at a time, one per lane, each summed in the kernel's order (<see cref="Sums"/>),
/// then the kernel's one division, eight at a time. Max: one plane at a time, lane j scanning elements
/// j, j + 8, ... with the kernel's rule, then the lanes' results combined by global pooling's
/// order-free rule (<see cref="PlaneArgMax{T, TAcc, TElement, TIndex}.Combine"/>: a NaN beats a
/// number and the later NaN wins, else the larger value and on a tie the earlier position), which
/// gives the sequential scan's result: its last NaN, else its first maximum.
/// </summary>
internal static unsafe class PlanePooling
{
    /// <summary>Lanes of a vector.</summary>
    private const int Lanes = 8;

    /// <summary>Runs a global max or average of a float, float16 or bfloat16 tensor; false, and nothing written, for any other.</summary>
    internal static bool TryRun<T, TAcc, TElement, TReduction>(ArrayView<T> input, PoolShape shape, TReduction reduction)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TReduction : struct, IWindowReduction<TAcc>
    {
        long planes = shape.Input.N * shape.Input.C;
        long length = shape.Input.D * shape.Input.H * shape.Input.W;
        if (!VectorCodec<T>.Supported || length < Lanes || length > int.MaxValue / Lanes || planes < Lanes)
        {
            return false;
        }

        T* source = HostMemory.Address(input);
        long work = planes * length;
        if (typeof(TReduction) == typeof(AverageReduction<T, TAcc, TElement>))
        {
            var average = HostMemory.As<TReduction, AverageReduction<T, TAcc, TElement>>(reduction);
            HostLoops.For((planes + Lanes - 1) / Lanes, work, new PlaneMeans<T>(source, HostMemory.Address(average.Values), planes, (int)length));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, NoIndices>))
        {
            HostLoops.For(planes, work, new PlaneMaxima<T, TAcc, TElement, NoIndices>(source, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, NoIndices>>(reduction), shape, (int)length));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>))
        {
            HostLoops.For(planes, work, new PlaneMaxima<T, TAcc, TElement, TorchIndices>(source, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, TorchIndices>>(reduction), shape, (int)length));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>))
        {
            HostLoops.For(planes, work, new PlaneMaxima<T, TAcc, TElement, WindowIndices>(source, HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, WindowIndices>>(reduction), shape, (int)length));
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Means of blocks of eight planes (the last block overlaps the one before when the planes do not fill it).</summary>
    private readonly struct PlaneMeans<T>(T* input, T* values, long planes, int length) : IRangeBody
        where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(long start, long end)
        {
            using var memory = new Scratch(typeof(T) == typeof(float) ? 0 : Lanes * length * 4L);
            // The kernel's divisor: the window's extent, the plane's length (a long, converted to float).
            var divisor = Vector256.Create((float)length);
            for (long block = start; block < end; block++)
            {
                long first = Math.Min(block * Lanes, planes - Lanes);
                float* plane = typeof(T) == typeof(float) ? (float*)(input + first * length) : (float*)memory.Start;
                if (typeof(T) != typeof(float))
                {
                    VectorCodec<T>.LoadAll(input + first * length, plane, Lanes * (long)length);
                }

                var sum = Sums(plane, length);
                VectorCodec<T>.Store(sum / divisor, values + first);
            }
        }
    }

    /// <summary>
    /// The sums of eight consecutive planes of <paramref name="length"/>, lane j plane j's, each in
    /// element order from +0: four elements of every plane at a time, two planes to a vector's
    /// halves, turned by a 4x4 transpose in each half into four vectors of one element of the eight
    /// planes, added in order. The rest one element at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sums(float* plane, int length)
    {
        var sum = Vector256<float>.Zero;
        float* p0 = plane, p1 = plane + length, p2 = p1 + length, p3 = p2 + length;
        float* p4 = p3 + length, p5 = p4 + length, p6 = p5 + length, p7 = p6 + length;
        int i = 0;
        for (; Avx.IsSupported && i + 4 <= length; i += 4)
        {
            var r0 = Vector256.Create(Vector128.Load(p0 + i), Vector128.Load(p4 + i));
            var r1 = Vector256.Create(Vector128.Load(p1 + i), Vector128.Load(p5 + i));
            var r2 = Vector256.Create(Vector128.Load(p2 + i), Vector128.Load(p6 + i));
            var r3 = Vector256.Create(Vector128.Load(p3 + i), Vector128.Load(p7 + i));
            var (t0, t1, t2, t3) = (Avx.UnpackLow(r0, r1), Avx.UnpackHigh(r0, r1), Avx.UnpackLow(r2, r3), Avx.UnpackHigh(r2, r3));
            sum += Avx.Shuffle(t0, t2, 0x44);
            sum += Avx.Shuffle(t0, t2, 0xEE);
            sum += Avx.Shuffle(t1, t3, 0x44);
            sum += Avx.Shuffle(t1, t3, 0xEE);
        }

        for (; i < length; i++)
        {
            sum += Vector256.Create(p0[i], p1[i], p2[i], p3[i], p4[i], p5[i], p6[i], p7[i]);
        }

        return sum;
    }

    /// <summary>Maxima of planes, one at a time, with their positions in <typeparamref name="TIndex"/>'s format.</summary>
    private readonly struct PlaneMaxima<T, TAcc, TElement, TIndex>(T* input, MaxReduction<T, TAcc, TElement, TIndex> reduction, PoolShape shape, int length) : IRangeBody
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TIndex : struct, IMaxIndexFormat
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(long start, long end)
        {
            var rule = default(PlaneArgMax<T, TAcc, TElement, TIndex>);
            var dims = shape.Input;
            var window = new PoolWindow(Whole(dims.D), Whole(dims.H), Whole(dims.W));
            var lanes = stackalloc float[Lanes];
            var positions = stackalloc int[Lanes];
            for (long plane = start; plane < end; plane++)
            {
                T* source = input + plane * length;
                var max = Vector256.Create(float.NegativeInfinity);
                var arg = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
                var position = arg;
                int i = 0;
                for (; i + Lanes <= length; i += Lanes, position += Vector256.Create(Lanes))
                {
                    var value = VectorCodec<T>.Load(source + i);
                    var take = ~Vector256.Equals(value, value) | Vector256.GreaterThan(value, max);
                    max = Vector256.ConditionalSelect(take, value, max);
                    arg = Vector256.ConditionalSelect(take.AsInt32(), position, arg);
                }

                max.Store(lanes);
                arg.Store(positions);
                var best = rule.Identity;
                for (int lane = 0; lane < Lanes; lane++)
                {
                    // Past the last full vector, each lane takes its remaining element (at most one) by the kernel's rule.
                    float value = lanes[lane];
                    long offset = positions[lane];
                    if (i + lane < length)
                    {
                        float next = VectorCodec<T>.LoadOne(source[i + lane]);
                        bool take = float.IsNaN(next) | next > value;
                        (value, offset) = take ? (next, i + lane) : (value, offset);
                    }

                    best = rule.Combine(best, new ValueAndOffset<TAcc> { Value = Unsafe.As<float, TAcc>(ref value), Offset = offset });
                }

                long w = Divide.Quotient(best.Offset, dims.W, out long column);
                long d = Divide.Quotient(w, dims.H, out long h);
                var reductionOfPlane = reduction;
                reductionOfPlane.Reset(window);
                reductionOfPlane.Add(best.Value, d, h, column);
                reductionOfPlane.Store(plane, window);
            }
        }

        private static AxisWindow Whole(long size) => new(0, 0, size, 1, size, size);
    }
}
