namespace Pooling.Gpu;

/// <summary>
/// A copy into a contiguous tensor whose input rows along the output's innermost axis (W
/// channels-first, C channels-last) are contiguous too, as in a crop, a channel or batch range,
/// or every second channel in NCHW: one memory copy per row, where the element loop
/// (<see cref="StridedCopy{T, TTo}"/>) computes an offset per element.
/// </summary>
internal readonly unsafe struct RowCopy<T> : IRangeBody
    where T : unmanaged
{
    private readonly T* input;
    private readonly T* output;
    private readonly TensorDims dims;
    private readonly TensorStrides strides;
    private readonly bool channelsLast;

    private RowCopy(DeviceTensor<T> from, DeviceTensor<T> to)
    {
        input = HostMemory.Address(from.Memory);
        output = HostMemory.Address(to.View);
        dims = TensorDims.Of(from.Shape);
        strides = from.ElementStrides;
        channelsLast = to.Shape.Layout == TensorLayout.ChannelsLast;
    }

    /// <summary>The rows' copy of <paramref name="from"/> into <paramref name="to"/>, and how many rows; null where the input's rows are not contiguous.</summary>
    internal static (RowCopy<T> Body, long Rows)? Of(DeviceTensor<T> from, DeviceTensor<T> to)
    {
        var shape = from.Shape;
        bool channelsLast = to.Shape.Layout == TensorLayout.ChannelsLast;
        long length = channelsLast ? shape.C : shape.W;
        long stride = channelsLast ? from.ElementStrides.C : from.ElementStrides.W;
        return shape.Length > 0 && (stride == 1 || length == 1) ? (new RowCopy<T>(from, to), shape.Length / length) : null;
    }

    public void Run(long start, long end)
    {
        long length = channelsLast ? dims.C : dims.W;
        long bytes = length * sizeof(T);
        for (long row = start; row < end; row++)
        {
            Buffer.MemoryCopy(input + Offset(row * length), output + row * length, bytes, bytes);
        }
    }

    /// <summary>Where the row that starts at output element <paramref name="first"/> (in the output's layout) starts in the input.</summary>
    private long Offset(long first) => channelsLast ? Offset<ChannelsLast>(first) : Offset<ChannelsFirst>(first);

    /// <summary>The input offset of output element <paramref name="first"/>, split into coordinates as the kernels' grid walk splits an index.</summary>
    private long Offset<TLayout>(long first)
        where TLayout : struct, ILayout
    {
        var layout = default(TLayout);
        return strides.Offset(layout.Arrange(Digits.Of(first, layout.Radices(dims))));
    }
}
