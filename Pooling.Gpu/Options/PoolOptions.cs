namespace Pooling.Gpu;

/// <summary>
/// What the options of every window pooling have: a kernel, a stride and the ceil mode, per
/// spatial axis of the size type (<see cref="int"/> in 1D, <see cref="Size2"/> in 2D,
/// <see cref="Size3"/> in 3D). Each value is checked when it is set, with PyTorch's wording; the
/// rules that need the input (padding against the kernel, a non-empty output) are checked by
/// <see cref="OutputShape"/>.
/// </summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record PoolOptions<TSize> : IWindowOptions
    where TSize : struct
{
    private readonly TSize? stride;

    private protected PoolOptions(TSize kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window size; every axis greater than zero.</summary>
    public TSize KernelSize { get; init => field = CheckPositive(value, nameof(KernelSize)); }

    /// <summary>Step between windows; defaults to <see cref="KernelSize"/>.</summary>
    public TSize Stride { get => stride ?? KernelSize; init => stride = CheckPositive(value, nameof(Stride)); }

    /// <summary>Round the output size up: a last, partial window is kept when it starts inside the input or the left padding.</summary>
    public bool CeilMode { get; init; }

    /// <summary>PyTorch's name of the op, for messages.</summary>
    internal abstract string Op { get; }

    /// <summary>Kernel, stride, padding and dilation along D, H and W (unused axes are <see cref="AxisSpec.Unit"/>).</summary>
    internal (AxisSpec D, AxisSpec H, AxisSpec W) Axes
    {
        get
        {
            var (kernel, stride, padding, dilation) = (
                SpatialSize.Values(KernelSize, 1), SpatialSize.Values(Stride, 1), SpatialSize.Values(PaddingSize, 0), SpatialSize.Values(DilationSize, 1));
            return (
                new(kernel.D, stride.D, padding.D, dilation.D),
                new(kernel.H, stride.H, padding.H, dilation.H),
                new(kernel.W, stride.W, padding.W, dilation.W));
        }
    }

    /// <summary>Whether every spatial size of the input must be at least the kernel's, padding or not (avg_pool3d's rule).</summary>
    private protected virtual bool InputAtLeastKernel => false;

    /// <summary>The padding of every axis; none unless the op has padding.</summary>
    private protected virtual TSize PaddingSize => default;

    /// <summary>The dilation of every axis; 1 unless the op has dilation.</summary>
    private protected virtual TSize DilationSize => One;

    /// <summary>The size with 1 along every axis (made once: a call must not allocate).</summary>
    private protected static TSize One { get; } = (TSize)(object)(
        typeof(TSize) == typeof(int) ? 1 : typeof(TSize) == typeof(Size2) ? (Size2)1 : (object)(Size3)1);

    string IShapeOptions.Op => Op;

    (AxisSpec D, AxisSpec H, AxisSpec W) IWindowOptions.Axes => Axes;

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape of the op's rank, batched or not: (N, C, L), (N, C, H, W), (N, C, D, H, W).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the effective kernel, the output would be empty, or (avg_pool3d) the input is smaller than the kernel.</exception>
    /// <exception cref="ArgumentException">The input has another spatial rank, or C or a spatial size is zero.</exception>
    public TensorShape OutputShape(TensorShape input) =>
        PoolingRules.WindowOutputShape(input, Op, SpatialRank, Axes, CeilMode, InputAtLeastKernel);

    /// <summary>A kernel size, stride or dilation: every axis positive, else PyTorch's message for the option.</summary>
    private protected virtual TSize CheckPositive(TSize value, string option) => PoolingRules.CheckPositive(value, option);

    /// <summary>A padding: no axis negative, else PyTorch's message.</summary>
    private protected virtual TSize CheckNotNegative(TSize value, string option) => PoolingRules.CheckNotNegative(value, option);

    private static int SpatialRank => SpatialSize.Rank<TSize>();
}

/// <summary>The options of a window pooling with implicit padding on each side: max and average pooling.</summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
public abstract record PaddedPoolOptions<TSize> : PoolOptions<TSize>
    where TSize : struct
{
    private protected PaddedPoolOptions(TSize kernelSize)
        : base(kernelSize)
    {
    }

    /// <summary>Implicit padding on each side (-inf for max pooling, zeros for average pooling); at most half the effective kernel.</summary>
    public TSize Padding { get; init => field = CheckNotNegative(value, nameof(Padding)); }

    private protected override TSize PaddingSize => Padding;
}
