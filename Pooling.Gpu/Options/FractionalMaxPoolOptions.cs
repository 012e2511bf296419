namespace Pooling.Gpu;

/// <summary>
/// The options of fractional max pooling in 2D (<see cref="Size2"/>, <see cref="Ratio2"/>) and 3D
/// (<see cref="Size3"/>, <see cref="Ratio3"/>): a kernel size, and the output as a size or as a
/// ratio of the input's, as <c>torch.nn.FractionalMaxPool2d/3d</c> take them and check them when
/// made; the rules that need the input are checked by <see cref="OutputShape"/>. The windows come
/// from one random sample per plane and axis: the caller's (PyTorch's <c>_random_samples</c>), or
/// drawn on the device from <see cref="Seed"/>.
/// </summary>
/// <typeparam name="TSize">The size type of the op's rank.</typeparam>
/// <typeparam name="TRatio">The ratio type of the op's rank.</typeparam>
public abstract record FractionalMaxPoolOptions<TSize, TRatio> : IFractionalOptions
    where TSize : struct
    where TRatio : struct
{
    private protected FractionalMaxPoolOptions(TSize kernelSize)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Window size; every axis greater than zero (PyTorch 1.13 does not check it, and reads outside the window for 0).</summary>
    public TSize KernelSize { get; init => field = PoolingRules.CheckPositive(value, nameof(KernelSize)); }

    /// <summary>
    /// The output's spatial size, every axis at least 1 (PyTorch returns an empty tensor for 0);
    /// set this or <see cref="OutputRatio"/>, not both.
    /// </summary>
    public TSize? OutputSize
    {
        get;
        init
        {
            CheckOneOf(value is not null && OutputRatio is not null, nameof(OutputSize));
            field = value is { } size && SpatialSize.Values(size, 1) is var (d, h, w) && Math.Min(d, Math.Min(h, w)) < 1
                ? throw new ArgumentOutOfRangeException(nameof(OutputSize), value, $"{Op}: elements of output_size must be greater than or equal to 1 but received {size}")
                : value;
        }
    }

    /// <summary>
    /// The output's spatial size as a ratio of the input's, every axis in (0, 1); the size is
    /// <c>(long)(input * ratio)</c>, as PyTorch computes it. Set this or <see cref="OutputSize"/>, not both.
    /// </summary>
    public TRatio? OutputRatio
    {
        get;
        init
        {
            CheckOneOf(value is not null && OutputSize is not null, nameof(OutputRatio));
            field = value is { } ratio && SpatialSize.Ratios(ratio) is var (d, h, w) && !((SpatialRank == 2 || InUnitInterval(d)) && InUnitInterval(h) && InUnitInterval(w))
                ? throw new ArgumentOutOfRangeException(nameof(OutputRatio), value, $"output_ratio must be between 0 and 1 (got {ratio})")
                : value;
        }
    }

    /// <summary>
    /// Where a call without samples draws its windows from: the same seed gives the same windows on
    /// every device and run, and backward draws the forward's again. PyTorch draws fresh samples on
    /// every call; vary the seed from call to call (the training step, say) to do the same.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>PyTorch's name of the op, for messages.</summary>
    internal abstract string Op { get; }

    /// <summary>
    /// How PyTorch's shape messages name the op: <c>fractional_max_pool2d()</c>, and
    /// <c>fractional_max_pool3d_out()</c> after its out-variant, where the check lives.
    /// </summary>
    private protected abstract string Caller { get; }

    private static int SpatialRank => SpatialSize.Rank<TSize>();

    string IShapeOptions.Op => Op;

    int IFractionalOptions.SampleRank => SpatialRank;

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    /// <param name="input">Input shape of the op's rank, batched or not: (N, C, H, W) or (N, C, D, H, W).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentException">Neither an output size nor a ratio is set, or the input has another spatial rank or an empty spatial dim, or is batched with C = 0 (an unbatched C = 0 gives an empty result, as in PyTorch).</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The ratio gives an output size of 0, or an output and its kernel do not fit the input: along
    /// each axis, <c>output + kernel - 1</c> must be at most the input's size in 2D and below it in
    /// 3D (PyTorch's rules, which differ by rank).
    /// </exception>
    public TensorShape OutputShape(TensorShape input)
    {
        if (OutputSize is null && OutputRatio is null)
        {
            throw new ArgumentException($"{Op} requires specifying either an output_size or an output_ratio", nameof(OutputSize));
        }

        // PyTorch checks every dim after the first: an unbatched input with C = 0 gives an empty result.
        PoolingRules.CheckSpatialRank(input, SpatialRank, Op);
        if ((input.IsBatched && input.C == 0) || input.PlaneLength == 0)
        {
            var sizes = input.Sizes();
            int dim = Array.IndexOf(sizes, 0L, 1);
            throw new ArgumentException(
                $"{Caller}: Expected input to have non-zero size for non-batch dimensions, but got[{string.Join(", ", sizes)}] with dimension {dim} being empty.",
                nameof(input));
        }

        var (d, h, w) = Outputs(input);
        if (Math.Min(d, Math.Min(h, w)) < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(OutputRatio),
                OutputRatio,
                $"{Op}: output_ratio {OutputRatio} of an input of {input} gives the output size ({string.Join(", ", SpatialRank == 2 ? [h, w] : new[] { d, h, w })}); every size must be at least 1");
        }

        var kernel = SpatialSize.Values(KernelSize, 1);
        if (SpatialRank == 2)
        {
            CheckFits(input, "height", input.H, h, kernel.H);
            CheckFits(input, "width", input.W, w, kernel.W);
        }
        else
        {
            CheckFits(input, "time", input.D, d, kernel.D);
            CheckFits(input, "width", input.W, w, kernel.W);
            CheckFits(input, "height", input.H, h, kernel.H);
        }

        return input.WithSpatial(d, h, w);
    }

    /// <summary>PyTorch's check that an axis's last window ends inside the input (3D asks for one position to spare).</summary>
    private void CheckFits(TensorShape input, string axis, long size, long outputs, int kernel)
    {
        long reach = outputs + kernel - 1;
        if (SpatialRank == 2 ? reach > size : reach >= size)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input), input, $"{Caller}: pool {axis} {kernel} too large relative to input {axis} {size}");
        }
    }

    FractionalSpec IFractionalOptions.Spec(TensorShape input, TensorShape output, bool inDouble) =>
        new(PoolShape.Of(input, output), SpatialSize.Values(KernelSize, 1), SpatialRank, Seed, inDouble);

    private static bool InUnitInterval(double ratio) => ratio > 0 && ratio < 1;

    private static void CheckOneOf(bool both, string option)
    {
        if (both)
        {
            throw new ArgumentException("only one of output_size and output_ratio may be specified", option);
        }
    }

    /// <summary>The output's (D, H, W): the size, or the ratio of the input's, rounded down (D is 1 in 2D).</summary>
    private (long D, long H, long W) Outputs(TensorShape input)
    {
        if (OutputSize is { } size)
        {
            return SpatialSize.Values(size, 1);
        }

        var (d, h, w) = SpatialSize.Ratios(OutputRatio!.Value);
        return (SpatialRank == 3 ? (long)(input.D * d) : 1, (long)(input.H * h), (long)(input.W * w));
    }
}

/// <summary>
/// Options of <c>torch.nn.functional.fractional_max_pool2d</c>:
/// <c>new FractionalMaxPool2dOptions(3) { OutputRatio = 0.5 }</c> or <c>{ OutputSize = (13, 12) }</c>.
/// </summary>
public sealed record FractionalMaxPool2dOptions : FractionalMaxPoolOptions<Size2, Ratio2>
{
    /// <summary>Fractional max pooling with the given kernel; set the output size or ratio too.</summary>
    /// <param name="kernelSize">Window size (kH, kW); both greater than zero.</param>
    public FractionalMaxPool2dOptions(Size2 kernelSize)
        : base(kernelSize)
    {
    }

    internal override string Op => "fractional_max_pool2d";

    private protected override string Caller => "fractional_max_pool2d()";
}

/// <summary>
/// Options of <c>torch.nn.functional.fractional_max_pool3d</c>:
/// <c>new FractionalMaxPool3dOptions(2) { OutputRatio = 0.5 }</c> or <c>{ OutputSize = (4, 6, 6) }</c>.
/// </summary>
public sealed record FractionalMaxPool3dOptions : FractionalMaxPoolOptions<Size3, Ratio3>
{
    /// <summary>Fractional max pooling with the given kernel; set the output size or ratio too.</summary>
    /// <param name="kernelSize">Window size (kT, kH, kW); all greater than zero.</param>
    public FractionalMaxPool3dOptions(Size3 kernelSize)
        : base(kernelSize)
    {
    }

    internal override string Op => "fractional_max_pool3d";

    private protected override string Caller => "fractional_max_pool3d_out()";
}
