namespace Pooling.Gpu;

/// <summary>
/// The options of max unpooling: the kernel, stride and padding of the max pooling being undone,
/// and optionally the output size, per spatial axis of the size type (<see cref="int"/> in 1D,
/// <see cref="Size2"/> in 2D, <see cref="Size3"/> in 3D). Immutable; set values with an object
/// initializer: <c>new MaxUnpool2dOptions(2) { OutputSize = (7, 7) }</c>. PyTorch checks none of
/// the first three (max_unpool3d only its stride); here they follow max pooling's rules (kernel
/// and stride positive, padding not negative). The output size rules are checked by
/// <see cref="OutputShape"/>.
/// </summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record MaxUnpoolOptions<TSize>
    where TSize : struct
{
    private readonly TSize? stride;

    private protected MaxUnpoolOptions(TSize kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>The max pooling's window size; every axis greater than zero.</summary>
    public TSize KernelSize { get; init => field = PoolingRules.CheckPositive(value, nameof(KernelSize)); }

    /// <summary>The max pooling's stride; defaults to <see cref="KernelSize"/>; every axis greater than zero.</summary>
    public TSize Stride { get => stride ?? KernelSize; init => stride = CheckStride(value); }

    /// <summary>The max pooling's padding; no axis negative.</summary>
    public TSize Padding { get; init => field = PoolingRules.CheckNotNegative(value, nameof(Padding)); }

    /// <summary>
    /// The output's spatial size, when the default <c>(in - 1)*stride - 2*pad + kernel</c> is not
    /// the max pooling's input size (its floor division lost some): along each axis it must lie
    /// strictly between <c>default - stride</c> and <c>default + stride</c>, PyTorch's rule.
    /// </summary>
    public TSize? OutputSize { get; init; }

    /// <summary>PyTorch's name of the op, for messages.</summary>
    internal string Op => OpName;

    /// <summary>max_unpool1d, max_unpool2d or max_unpool3d, made once per rank so that a call does not allocate it.</summary>
    private static string OpName { get; } = SpatialSize.OpName<TSize>("max_unpool");

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape of the op's rank, batched or not: (N, C, L), (N, C, H, W), (N, C, D, H, W). The pooled tensor.</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output size breaks PyTorch's rule, or would be empty (PyTorch returns an empty tensor there, or fails on a negative size).</exception>
    /// <exception cref="ArgumentException">The input has another spatial rank, or C or a spatial size is zero.</exception>
    public TensorShape OutputShape(TensorShape input)
    {
        int rank = SpatialSize.Rank<TSize>();
        PoolingRules.CheckSpatialRank(input, rank, Op);
        if (input.C == 0 || input.PlaneLength == 0)
        {
            var sizes = input.Sizes();
            int empty = Array.IndexOf(sizes, 0L, sizes.Length - rank - 1);
            throw new ArgumentException(
                $"{Op}(): Expected input to have non-zero size for non-batch dimensions, but got [{string.Join(", ", sizes)}] with dimension {empty} being empty.",
                nameof(input));
        }

        var (kernel, stride, padding) = (SpatialSize.Values(KernelSize, 1), SpatialSize.Values(Stride, 1), SpatialSize.Values(Padding, 0));
        (int D, int H, int W)? requested = OutputSize is { } size ? SpatialSize.Values(size, 1) : null;

        // PyTorch numbers the dims of output_size from the first spatial one; the axes the rank
        // lacks have size 1, which their unit kernel and stride keep.
        int first = 3 - rank;
        long depth = AxisSize(input.D, kernel.D, stride.D, padding.D, requested?.D, -first);
        long height = AxisSize(input.H, kernel.H, stride.H, padding.H, requested?.H, 1 - first);
        long width = AxisSize(input.W, kernel.W, stride.W, padding.W, requested?.W, 2 - first);
        return PoolingRules.NotTooSmall(input, depth, height, width, rank, pooledAs2d: false);
    }

    /// <summary>A stride: every axis positive, else the message of the max pooling's options.</summary>
    private protected virtual TSize CheckStride(TSize value) => PoolingRules.CheckPositive(value, nameof(Stride));

    /// <summary>The output size along one axis: the requested one, checked against PyTorch's range, or the default.</summary>
    private long AxisSize(long input, int kernel, int stride, int padding, int? requested, int dim)
    {
        long defaultSize = (input - 1) * stride - 2L * padding + kernel;
        if (requested is not { } size)
        {
            return defaultSize;
        }

        long min = defaultSize - stride, max = defaultSize + stride;
        return min < size && size < max
            ? size
            : throw new ArgumentOutOfRangeException(
                nameof(OutputSize), OutputSize, $"invalid output_size \"{(OutputSize is int length ? $"({length},)" : OutputSize)}\" (dim {dim} must be between {min} and {max})");
    }
}

/// <summary>
/// Options of <c>torch.nn.functional.max_unpool1d</c>: <c>new MaxUnpool1dOptions(2) { OutputSize = 9 }</c>.
/// PyTorch unpools 1D as 2D with a width of 1, and its index message says so (<c>output volumes
/// are of size 8x1</c>), which the library keeps.
/// </summary>
public sealed record MaxUnpool1dOptions : MaxUnpoolOptions<int>
{
    /// <summary>Unpooling of a max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">The max pooling's window length; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">The kernel size is not positive.</exception>
    public MaxUnpool1dOptions(int kernelSize)
        : base(kernelSize)
    {
    }
}

/// <summary>Options of <c>torch.nn.functional.max_unpool2d</c>: <c>new MaxUnpool2dOptions(2) { OutputSize = (7, 7) }</c>.</summary>
public sealed record MaxUnpool2dOptions : MaxUnpoolOptions<Size2>
{
    /// <summary>Unpooling of a max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">The max pooling's window size (kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A kernel size is not positive.</exception>
    public MaxUnpool2dOptions(Size2 kernelSize)
        : base(kernelSize)
    {
    }
}

/// <summary>
/// Options of <c>torch.nn.functional.max_unpool3d</c>: <c>new MaxUnpool3dOptions(2) { Stride = (1, 2, 2) }</c>.
/// A stride is checked with PyTorch's max_unpool3d wording (<c>strides should be greater than
/// zero, but got stride: [1, 0, 2]</c>).
/// </summary>
public sealed record MaxUnpool3dOptions : MaxUnpoolOptions<Size3>
{
    /// <summary>Unpooling of a max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">The max pooling's window size (kT, kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A kernel size is not positive.</exception>
    public MaxUnpool3dOptions(Size3 kernelSize)
        : base(kernelSize)
    {
    }

    private protected override Size3 CheckStride(Size3 value) =>
        value.Depth > 0 && value.Height > 0 && value.Width > 0
            ? value
            : throw new ArgumentOutOfRangeException(
                nameof(Stride), value, $"strides should be greater than zero, but got stride: [{value.Depth}, {value.Height}, {value.Width}]");
}
