namespace Pooling.Gpu;

/// <summary>
/// Options of <c>torch.nn.functional.max_unpool2d</c>: the kernel, stride and padding of the max
/// pooling being undone, and optionally the output size. Immutable; set values with an object
/// initializer: <c>new MaxUnpool2dOptions(2) { OutputSize = (7, 7) }</c>. PyTorch checks none of
/// the first three; here they follow max_pool2d's rules (kernel and stride positive, padding not
/// negative). The output size rules are checked by <see cref="OutputShape"/>.
/// </summary>
public sealed record MaxUnpool2dOptions
{
    private readonly Size2? stride;

    /// <summary>Unpooling of a max pooling with the given kernel; stride defaults to the kernel.</summary>
    /// <param name="kernelSize">The max pooling's window size (kH, kW).</param>
    /// <exception cref="ArgumentOutOfRangeException">A kernel size is not positive.</exception>
    public MaxUnpool2dOptions(Size2 kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>The max pooling's window size (kH, kW); both greater than zero.</summary>
    public Size2 KernelSize { get; init => field = PoolingRules.CheckPositive(value, nameof(KernelSize)); }

    /// <summary>The max pooling's stride; defaults to <see cref="KernelSize"/>.</summary>
    public Size2 Stride { get => stride ?? KernelSize; init => stride = PoolingRules.CheckPositive(value, nameof(Stride)); }

    /// <summary>The max pooling's padding; not negative.</summary>
    public Size2 Padding { get; init => field = PoolingRules.CheckNotNegative(value, nameof(Padding)); } = 0;

    /// <summary>
    /// The output's (H, W), when the default <c>(in - 1)*stride - 2*pad + kernel</c> is not the
    /// max pooling's input size (its floor division lost some): each must lie strictly between
    /// <c>default - stride</c> and <c>default + stride</c>, PyTorch's rule.
    /// </summary>
    public Size2? OutputSize { get; init; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape (N, C, H, W) or (C, H, W): the pooled tensor.</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The output size breaks PyTorch's rule, or would be empty (PyTorch returns an empty tensor there).</exception>
    /// <exception cref="ArgumentException">The input is not 2D, or C, H or W is zero.</exception>
    public TensorShape OutputShape(TensorShape input)
    {
        PoolingRules.CheckSpatialRank(input, 2, "max_unpool2d");
        var sizes = input.Sizes();
        for (int d = sizes.Length - 3; d < sizes.Length; d++)
        {
            if (sizes[d] == 0)
            {
                throw new ArgumentException(
                    $"max_unpool2d(): Expected input to have non-zero size for non-batch dimensions, but got [{string.Join(", ", sizes)}] with dimension {d} being empty.",
                    nameof(input));
            }
        }

        long height = DefaultSize(input.H, KernelSize.Height, Stride.Height, Padding.Height);
        long width = DefaultSize(input.W, KernelSize.Width, Stride.Width, Padding.Width);
        if (OutputSize is { } requested)
        {
            height = Requested(requested, 0, requested.Height, height, Stride.Height);
            width = Requested(requested, 1, requested.Width, width, Stride.Width);
        }

        if (height < 1 || width < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                input,
                $"Given input size: ({input.C}x{input.H}x{input.W}). Calculated output size: ({input.C}x{height}x{width}). Output size is too small");
        }

        return input.WithSpatial(height, width);
    }

    private static long DefaultSize(long input, int kernel, int stride, int padding) => (input - 1) * stride - 2L * padding + kernel;

    private static long Requested(Size2 requested, int dim, int size, long defaultSize, int stride)
    {
        long min = defaultSize - stride, max = defaultSize + stride;
        return min < size && size < max
            ? size
            : throw new ArgumentOutOfRangeException(nameof(OutputSize), requested, $"invalid output_size \"{requested}\" (dim {dim} must be between {min} and {max})");
    }
}
