using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long start, long end)
    {
        long positions = plan.Positions;
        using var memory = new Scratch(Scratch.Bytes(positions * 8, positions * 4, 64, Last ? 0 : plan.PlaneInputs * ChannelPooling.Lanes * 4));
        long* offsets = memory.Take<long>(positions);
        int* ordinals = typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>) ? memory.Take<int>(positions) : null;
        byte* spill = memory.Take<byte>(64);
        float* planes = memory.Take<float>(Last ? 0 : plan.PlaneInputs * ChannelPooling.Lanes);
        var output = plan.Output;
        for (long item = start; item < end; item++)
        {
            if (Last)
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
            else
            {
                long firstPlane = Math.Min(item * ChannelPooling.Lanes, plan.Planes - ChannelPooling.Lanes);
                Interleave(firstPlane, planes);
                for (long at = 0, od = 0; od < output.D; od++)
                {
                    for (long oh = 0; oh < output.H; oh++)
                    {
                        for (long ow = 0; ow < output.W; ow++, at++)
                        {
                            int count = plan.Window(od, oh, ow, offsets, ordinals, out var window);
                            var block = new Block(planes, ChannelPooling.Lanes, (firstPlane * plan.PlaneOutputs) + at, plan.PlaneOutputs);
                            long n = Divide.Quotient(firstPlane, output.C, out long c);
                            Pool(block, window, count, offsets, ordinals, spill, new Coordinates(n, c, od, oh, ow));
                        }
                    }
                }
            }
        }
    }

    /// <summary>Planes <c>[first, first + 8)</c> into <paramref name="planes"/>, element i of plane j at <c>8 i + j</c>, in float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Interleave(long first, float* planes)
    {
        long length = plan.PlaneInputs;
        for (int j = 0; j < ChannelPooling.Lanes; j++)
        {
            T* plane = source + ((first + j) * length);
            for (long i = 0; i < length; i++)
            {
                planes[(i * ChannelPooling.Lanes) + j] = VectorCodec<T>.LoadOne(plane[i]);
            }
        }
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
