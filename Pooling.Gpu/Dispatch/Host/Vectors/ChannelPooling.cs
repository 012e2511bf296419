using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Window pooling eight channels at a time: the eight lanes run one window, so every lane takes
/// the kernel's positions in the kernel's order, for any geometry and any window (borders,
/// adaptive windows of any size, global pooling alike). Channels-last tensors are read in place,
/// eight consecutive channels per load; channels-first tensors whose rows are too short for
/// <see cref="RowPooling"/> (fewer than eight outputs along W, or uneven windows) have blocks of
/// eight planes interleaved into a float scratch first. Windows with no input position run the
/// kernel's per-output body. <see cref="Channels{T, TAcc, TElement, TGeometry, TReduction, TLayout}.TryRun"/>
/// plans and runs a call.
/// </summary>
internal static class ChannelPooling
{
    /// <summary>Channels (or planes) a vector holds.</summary>
    internal const int Lanes = 8;
}

/// <summary>What every block of a call shares: the windows, and the sizes of its loop.</summary>
internal readonly unsafe struct ChannelPlan(PoolShape shape, WindowTables windows, int positions)
{
    internal readonly PoolShape Shape = shape;

    /// <summary>The input's and output's dims (fields: hot loops read them).</summary>
    internal readonly TensorDims Input = shape.Input;

    internal readonly TensorDims Output = shape.Output;

    internal readonly WindowTables Windows = windows;

    /// <summary>The most positions a window holds.</summary>
    internal readonly int Positions = positions;

    /// <summary>Output positions in a plane.</summary>
    internal readonly long PlaneOutputs = shape.Output.D * shape.Output.H * shape.Output.W;

    /// <summary>Input positions in a plane.</summary>
    internal readonly long PlaneInputs = shape.Input.D * shape.Input.H * shape.Input.W;

    /// <summary>Planes (n, c) of the tensor.</summary>
    internal readonly long Planes = shape.Input.N * shape.Input.C;

    /// <summary>The items of a call in <typeparamref name="TLayout"/>: channels-last, output positions; channels-first, blocks of eight planes.</summary>
    internal long Items<TLayout>()
        where TLayout : struct, ILayout =>
        typeof(TLayout) == typeof(ChannelsLast) ? Output.N * PlaneOutputs : (Planes + ChannelPooling.Lanes - 1) / ChannelPooling.Lanes;

    /// <summary>
    /// The window of output (od, oh, ow): its positions, in the kernel's order, as plane offsets
    /// (which are also their PyTorch-form indices) and, with <paramref name="ordinals"/> not null,
    /// compact ordinals; how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Window(long od, long oh, long ow, long* offsets, int* ordinals, out PoolWindow window)
    {
        window = new PoolWindow(Windows.Depths[od], Windows.Rows[oh], Windows.Cols[ow]);
        var (depth, rows, cols) = (window.Depth, window.Rows, window.Cols);
        int count = 0;
        ref readonly var input = ref Input;
        if (ordinals is not null && !window.IsEmpty)
        {
            // The ordinal of the window's first position; each step along an axis adds its share.
            long first = WindowIndices.Ordinal(depth.Start, rows.Start, cols.Start, window);
            for (long d = depth.Start, i = 0; d < depth.End; d += depth.Step, i++)
            {
                for (long h = rows.Start, j = 0; h < rows.End; h += rows.Step, j++)
                {
                    long rowOrdinal = first + (((i * rows.Span) + j) * cols.Span);
                    for (long w = cols.Start, k = 0; w < cols.End; w += cols.Step, k++)
                    {
                        ordinals[count + k] = (int)(rowOrdinal + k);
                    }

                    count += RowOffsets(input, d, h, cols, offsets + count);
                }
            }

            return count;
        }

        for (long d = depth.Start; d < depth.End; d += depth.Step)
        {
            for (long h = rows.Start; h < rows.End; h += rows.Step)
            {
                count += RowOffsets(input, d, h, cols, offsets + count);
            }
        }

        return count;
    }

    /// <summary>The plane offsets of row (d, h)'s positions in <paramref name="cols"/>; how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowOffsets(TensorDims input, long d, long h, AxisWindow cols, long* offsets)
    {
        int count = 0;
        for (long w = cols.Start, at = TorchIndices.Position(d, h, cols.Start, input); w < cols.End; w += cols.Step, at += cols.Step)
        {
            offsets[count++] = at;
        }

        return count;
    }
}

/// <summary>
/// The vector form of a max or average reduction over eight channels (channels-last: of one
/// output position, read in place) or eight planes (channels-first: of a block of planes,
/// interleaved into scratch first).
/// </summary>
internal readonly unsafe struct Channels<T, TAcc, TElement, TGeometry, TReduction, TLayout>(ChannelPlan plan, ArrayView<T> input, TGeometry geometry, TReduction reduction)
    : IRangeBody
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
    where TLayout : struct, ILayout
{
    private static bool Last
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(TLayout) == typeof(ChannelsLast);
    }

    private readonly T* source = HostMemory.Address(input);

    /// <summary>
    /// Runs a max or average pooling of a float, float16 or bfloat16 tensor of at least eight
    /// channels (channels-last) or planes (channels-first); false, and nothing written, for any other.
    /// </summary>
    internal static bool TryRun(ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
    {
        bool fits = Last
            ? shape.Input.C >= ChannelPooling.Lanes
            : shape.Input.N * shape.Input.C >= ChannelPooling.Lanes && shape.Input.D * shape.Input.H * shape.Input.W <= int.MaxValue / ChannelPooling.Lanes;
        if (!fits || !VectorCodec<T>.Supported || !VectorReductions.Known<T, TAcc, TElement, TReduction>())
        {
            return false;
        }

        using var tables = new Scratch(WindowTables.Bytes(shape));
        var windows = WindowTables.Of(geometry, shape, tables);
        long positions = windows.MaxPositions;
        if (positions > RowPlan.MaxPositions)
        {
            return false;
        }

        var plan = new ChannelPlan(shape, windows, (int)positions);
        HostLoops.For(plan.Items<TLayout>(), shape.Input.Length + shape.Output.Length * positions, new Channels<T, TAcc, TElement, TGeometry, TReduction, TLayout>(plan, input, geometry, reduction));
        return true;
    }

    /// <summary>The most window positions, all a plane's outputs together, whose offsets a chunk of planes makes once (1.5 MiB with ordinals).</summary>
    private const long TabledPositions = 1 << 17;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        if (!Last)
        {
            Planes(start, end);
            return;
        }

        long positions = plan.Positions;
        using var memory = new Scratch(Scratch.Bytes(positions * 8, positions * 4, 64));
        long* offsets = memory.Take<long>(positions);
        int* ordinals = Compact ? memory.Take<int>(positions) : null;
        byte* spill = memory.Take<byte>(64);
        var output = plan.Output;
        for (long item = start; item < end; item++)
        {
            long n = Divide.Quotient(item, plan.PlaneOutputs, out long at);
            long rest = Divide.Quotient(at, output.W, out long ow);
            long od = Divide.Quotient(rest, output.H, out long oh);
            int count = plan.Window(od, oh, ow, offsets, ordinals, out var window);
            long channels = output.C;
            for (long c = 0; c < channels; c += ChannelPooling.Lanes)
            {
                long first = Math.Min(c, channels - ChannelPooling.Lanes);
                long o = (item * channels) + first;
                var block = new Block(source + (n * plan.PlaneInputs * channels) + first, channels, o, 1);
                Pool(block, window, count, offsets, ordinals, spill, new Coordinates(n, first, od, oh, ow));
            }
        }
    }

    private static bool Compact => typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>);

    /// <summary>
    /// Blocks of eight planes <c>[start, end)</c>, each interleaved into scratch, then pooled output by
    /// output. Every block has the same windows: where they fit <see cref="TabledPositions"/>, a
    /// chunk makes their offsets (and ordinals) once; else each output makes its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Planes(long start, long end)
    {
        long outputs = plan.PlaneOutputs;
        bool tabled = outputs * plan.Positions <= TabledPositions;
        long entries = tabled ? outputs * plan.Positions : plan.Positions;
        long windowCount = tabled ? outputs : 1;
        using var memory = new Scratch(Scratch.Bytes(entries * 8, Compact ? entries * 4 : 0, windowCount * 4, windowCount * sizeof(PoolWindow), 64, plan.PlaneInputs * ChannelPooling.Lanes * 4));
        long* offsets = memory.Take<long>(entries);
        int* ordinals = Compact ? memory.Take<int>(entries) : null;
        int* counts = memory.Take<int>(windowCount);
        var windows = memory.Take<PoolWindow>(windowCount);
        byte* spill = memory.Take<byte>(64);
        float* planes = memory.Take<float>(plan.PlaneInputs * ChannelPooling.Lanes);
        var output = plan.Output;
        for (long at = 0, od = 0; tabled && od < output.D; od++)
        {
            for (long oh = 0; oh < output.H; oh++)
            {
                for (long ow = 0; ow < output.W; ow++, at++)
                {
                    long entry = at * plan.Positions;
                    counts[at] = plan.Window(od, oh, ow, offsets + entry, Compact ? ordinals + entry : null, out windows[at]);
                }
            }
        }

        for (long item = start; item < end; item++)
        {
            long firstPlane = Math.Min(item * ChannelPooling.Lanes, plan.Planes - ChannelPooling.Lanes);
            long n = Divide.Quotient(firstPlane, output.C, out long c);
            Interleave(firstPlane, planes);
            for (long at = 0, od = 0; od < output.D; od++)
            {
                for (long oh = 0; oh < output.H; oh++)
                {
                    for (long ow = 0; ow < output.W; ow++, at++)
                    {
                        long entry = tabled ? at * plan.Positions : 0;
                        long slot = tabled ? at : 0;
                        if (!tabled)
                        {
                            counts[0] = plan.Window(od, oh, ow, offsets, ordinals, out windows[0]);
                        }

                        var block = new Block(planes, ChannelPooling.Lanes, (firstPlane * outputs) + at, outputs);
                        Pool(block, windows[slot], counts[slot], offsets + entry, Compact ? ordinals + entry : null, spill, new Coordinates(n, c, od, oh, ow));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Planes <c>[first, first + 8)</c> into <paramref name="planes"/>, element i of plane j at <c>8 i + j</c>, in float32:
    /// eight elements of each plane at a time, transposed (<see cref="Transpose"/>), the rest one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Interleave(long first, float* planes)
    {
        long length = plan.PlaneInputs;
        T* p = source + (first * length);
        long i = 0;
        for (; Avx.IsSupported && i + ChannelPooling.Lanes <= length; i += ChannelPooling.Lanes)
        {
            var (r0, r1, r2, r3) = (VectorCodec<T>.Load(p + i), VectorCodec<T>.Load(p + length + i), VectorCodec<T>.Load(p + (2 * length) + i), VectorCodec<T>.Load(p + (3 * length) + i));
            var (r4, r5, r6, r7) = (VectorCodec<T>.Load(p + (4 * length) + i), VectorCodec<T>.Load(p + (5 * length) + i), VectorCodec<T>.Load(p + (6 * length) + i), VectorCodec<T>.Load(p + (7 * length) + i));
            Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
            float* target = planes + (i * ChannelPooling.Lanes);
            r0.Store(target);
            r1.Store(target + 8);
            r2.Store(target + 16);
            r3.Store(target + 24);
            r4.Store(target + 32);
            r5.Store(target + 40);
            r6.Store(target + 48);
            r7.Store(target + 56);
        }

        for (; i < length; i++)
        {
            for (int j = 0; j < ChannelPooling.Lanes; j++)
            {
                planes[(i * ChannelPooling.Lanes) + j] = VectorCodec<T>.LoadOne(p[(j * length) + i]);
            }
        }
    }

    /// <summary>An 8x8 transpose: afterwards lane j of vector k holds what lane k of vector j held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
        ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
    {
        var (t0, t1, t2, t3) = (Avx.UnpackLow(r0, r1), Avx.UnpackHigh(r0, r1), Avx.UnpackLow(r2, r3), Avx.UnpackHigh(r2, r3));
        var (t4, t5, t6, t7) = (Avx.UnpackLow(r4, r5), Avx.UnpackHigh(r4, r5), Avx.UnpackLow(r6, r7), Avx.UnpackHigh(r6, r7));
        var (u0, u1, u2, u3) = (Avx.Shuffle(t0, t2, 0x44), Avx.Shuffle(t0, t2, 0xEE), Avx.Shuffle(t1, t3, 0x44), Avx.Shuffle(t1, t3, 0xEE));
        var (u4, u5, u6, u7) = (Avx.Shuffle(t4, t6, 0x44), Avx.Shuffle(t4, t6, 0xEE), Avx.Shuffle(t5, t7, 0x44), Avx.Shuffle(t5, t7, 0xEE));
        (r0, r1, r2, r3) = (Avx.Permute2x128(u0, u4, 0x20), Avx.Permute2x128(u1, u5, 0x20), Avx.Permute2x128(u2, u6, 0x20), Avx.Permute2x128(u3, u7, 0x20));
        (r4, r5, r6, r7) = (Avx.Permute2x128(u0, u4, 0x31), Avx.Permute2x128(u1, u5, 0x31), Avx.Permute2x128(u2, u6, 0x31), Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>One output's eight lanes: <paramref name="block"/> says where they read and write; <paramref name="at"/> is lane 0's coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Pool(Block block, in PoolWindow window, int count, long* offsets, int* ordinals, byte* spill, Coordinates at)
    {
        if (window.IsEmpty)
        {
            var kernel = new WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>(input, plan.Shape, geometry, reduction);
            for (int lane = 0; lane < ChannelPooling.Lanes; lane++)
            {
                kernel.Run(block.Output(lane), Last ? at with { C = at.C + lane } : Lane(at, lane));
            }

            return;
        }

        if (typeof(TReduction) == typeof(AverageReduction<T, TAcc, TElement>))
        {
            var sum = Vector256<float>.Zero;
            for (int q = 0; q < count; q++)
            {
                sum += block.Load(offsets[q]);
            }

            var average = HostMemory.As<TReduction, AverageReduction<T, TAcc, TElement>>(reduction);
            long divisor = AverageReduction<T, TAcc, TElement>.Divisor(window, average.DivisorOverride);
            block.Store(sum / Vector256.Create((float)divisor), HostMemory.Address(average.Values), spill);
            return;
        }

        var max = Vector256.Create(float.NegativeInfinity);
        var arg = Vector256<int>.Zero;
        for (int q = 0; q < count; q++)
        {
            var value = block.Load(offsets[q]);
            var take = ~Vector256.Equals(value, value) | Vector256.GreaterThan(value, max);
            max = Vector256.ConditionalSelect(take, value, max);
            arg = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(q), arg);
        }

        StoreMax(block, max, arg, offsets, ordinals, spill);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreMax(Block block, Vector256<float> max, Vector256<int> arg, long* offsets, int* ordinals, byte* spill)
    {
        if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, NoIndices>))
        {
            block.Store(max, HostMemory.Address(HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, NoIndices>>(reduction).Values), spill);
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>))
        {
            var torch = HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, TorchIndices>>(reduction);
            block.Store(max, HostMemory.Address(torch.Values), spill);
            long* indices = HostMemory.Address(torch.Indices.View);
            for (int lane = 0; lane < ChannelPooling.Lanes; lane++)
            {
                indices[block.Output(lane)] = offsets[arg[lane]];
            }
        }
        else
        {
            var compact = HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, WindowIndices>>(reduction);
            block.Store(max, HostMemory.Address(compact.Values), spill);
            byte* bytes = HostMemory.Address(compact.Indices.Bytes);
            for (int lane = 0; lane < ChannelPooling.Lanes; lane++)
            {
                if (compact.Indices.BytesPerIndex == 1)
                {
                    bytes[block.Output(lane)] = (byte)ordinals[arg[lane]];
                }
                else
                {
                    ((int*)bytes)[block.Output(lane)] = ordinals[arg[lane]];
                }
            }
        }
    }

    /// <summary>The coordinates of lane <paramref name="lane"/> of a block of planes: plane <c>(n, c) + lane</c>.</summary>
    private Coordinates Lane(Coordinates at, int lane)
    {
        long n = Divide.Quotient((at.N * plan.Output.C) + at.C + lane, plan.Output.C, out long c);
        return at with { N = n, C = c };
    }

    /// <summary>Where one output's lanes read (input position p of lane j at <c>start + p * stride + j</c>) and write (lane j at <c>firstOutput + j * outputStride</c>).</summary>
    private readonly struct Block(void* start, long stride, long firstOutput, long outputStride)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal Vector256<float> Load(long position) =>
            Last ? VectorCodec<T>.Load((T*)start + (position * stride)) : Vector256.Load((float*)start + (position * stride));

        internal long Output(int lane) => firstOutput + (lane * outputStride);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Store(Vector256<float> values, T* target, byte* spill)
        {
            if (outputStride == 1)
            {
                VectorCodec<T>.Store(values, target + firstOutput);
                return;
            }

            VectorCodec<T>.Store(values, (T*)spill);
            for (int lane = 0; lane < ChannelPooling.Lanes; lane++)
            {
                target[Output(lane)] = ((T*)spill)[lane];
            }
        }
    }
}
