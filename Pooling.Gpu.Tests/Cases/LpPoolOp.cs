namespace Pooling.Gpu.Tests;

/// <summary>lp_pool1d, lp_pool2d or lp_pool3d, by its <see cref="RankedOp{T1, T2, T3}.Options"/>.</summary>
public sealed record LpPoolOp : RankedOp<LPPool1dOptions, LPPool2dOptions, LPPool3dOptions>
{
    private readonly (Axis D, Axis H, Axis W) axes;
    private readonly bool ceil;
    private readonly string description;

    private LpPoolOp(object options, double p, (Axis, Axis, Axis) axes, bool ceil, string description)
        : base(options)
    {
        P = p;
        this.axes = axes;
        this.ceil = ceil;
        this.description = description;
    }

    public double P { get; }

    public override string Name => $"lp_pool{SpatialRank}d p{P} {description}{(ceil ? " ceil" : "")}";

    public override string TorchOp => Pick(_ => OracleOp.LPPool1d, _ => OracleOp.LPPool2d, _ => OracleOp.LPPool3d);

    public static LpPoolOp Of<TSize>(LPPoolOptions<TSize> o)
        where TSize : struct => new(o, o.NormType, AxesOf(o.KernelSize, o.Stride), o.CeilMode, $"k{o.KernelSize} s{o.Stride}");

    /// <summary>avg_pool's windows with padding 0 (so count_include_pad counts the clipped window).</summary>
    public override PoolWindows Windows(TensorShape input) => ReferencePooling.AvgPool(input, axes.D, axes.H, axes.W, ceil, true, null);

    /// <summary>K, the kernel's area (its length in 1D, its volume in 3D).</summary>
    public long KernelArea => (long)axes.D.Kernel * axes.H.Kernel * axes.W.Kernel;

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferenceLpPool.Forward(x, Windows(input), input, P, KernelArea);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input) =>
        ReferenceLpPool.Backward(x, g, Windows(input), input, P, KernelArea);

    /// <summary>
    /// Backward reads the forward output y, rounded into the element type, and raises it to
    /// <c>1 - p</c>: each window's gradient carries <c>|1 - p|</c> roundings of the type on top.
    /// </summary>
    public override double[] GradientScale(ReferenceGradient reference, ElementType type)
    {
        double widen = 1 + Math.Abs(1 - P) * Math.Pow(2, -type.MantissaBits()) / Expect.AverageTolerance;
        return type is ElementType.Float16 or ElementType.BFloat16 ? [.. reference.Magnitudes.Select(m => m * widen)] : reference.Magnitudes;
    }

    /// <summary>
    /// PyTorch's formula makes a tensor of each term: in float16 or bfloat16 (natively, on CUDA and
    /// for bfloat16 on the CPU) <c>x^p</c>, the mean and <c>v</c> are each rounded into the type, three
    /// roundings that the window's conditioning (in the magnitudes) amplifies.
    /// </summary>
    public override double[] TorchOutputScale(ReferenceResult reference, ElementType type)
    {
        double widen = 1 + 3 * Math.Pow(2, -type.MantissaBits()) / Expect.AverageTolerance;
        return type is ElementType.Float16 or ElementType.BFloat16 ? [.. reference.Magnitudes.Select(m => m * widen)] : reference.Magnitudes;
    }

    /// <summary>The kernel and stride of the rank's axes; lp_pool1d takes its kernel as one int (PyTorch 1.13 multiplies by it).</summary>
    public override OracleParams TorchParams()
    {
        var used = OfRank(axes);
        return new()
        {
            NormType = P,
            KernelSize = SpatialRank == 1 ? axes.W.Kernel : used.Select(a => a.Kernel).ToArray(),
            Stride = used.Select(a => a.Stride).ToArray(),
            CeilMode = ceil,
        };
    }

    public override TensorShape? OptionsOutputShape(TensorShape input) => Pick(o => o.OutputShape(input), o => o.OutputShape(input), o => o.OutputShape(input));

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices) =>
        Call(o => engine.LPPool(input, o, output), o => engine.LPPool(input, o, output), o => engine.LPPool(input, o, output));

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Pick(o => engine.LPPool(input, o), o => engine.LPPool(input, o), o => engine.LPPool(input, o));

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        using var output = ForwardNew(engine, input);
        Call(
            o => engine.LPPoolBackward(gradOutput, input, output, o, gradInput),
            o => engine.LPPoolBackward(gradOutput, input, output, o, gradInput),
            o => engine.LPPoolBackward(gradOutput, input, output, o, gradInput));
    }
}
