namespace Pooling.Gpu.Tests;

/// <summary>
/// lp_pool1d, lp_pool2d or lp_pool3d, by its <see cref="Options"/> (<see cref="LPPool1dOptions"/>,
/// <see cref="LPPool2dOptions"/> or <see cref="LPPool3dOptions"/>). The factories read the options'
/// axes once, through their public properties.
/// </summary>
public sealed record LpPoolOp : BreadthOp
{
    private readonly (Axis D, Axis H, Axis W) axes;
    private readonly bool ceil;
    private readonly string description;

    private LpPoolOp(object options, int spatialRank, double p, (Axis, Axis, Axis) axes, bool ceil, string description)
    {
        Options = options;
        SpatialRank = spatialRank;
        P = p;
        this.axes = axes;
        this.ceil = ceil;
        this.description = description;
    }

    public object Options { get; }

    public int SpatialRank { get; }

    public double P { get; }

    public override string Name => $"lp_pool{SpatialRank}d p{P} {description}{(ceil ? " ceil" : "")}";

    public override string TorchOp => SpatialRank switch { 1 => OracleOp.LPPool1d, 2 => OracleOp.LPPool2d, _ => OracleOp.LPPool3d };

    public static LpPoolOp Of(LPPool1dOptions o) => new(o, 1, o.NormType, (Axis.Unit, Axis.Unit, new(o.KernelSize, o.Stride, 0, 1)), o.CeilMode, Describe(o));

    public static LpPoolOp Of(LPPool2dOptions o) =>
        new(o, 2, o.NormType, (Axis.Unit, new(o.KernelSize.Height, o.Stride.Height, 0, 1), new(o.KernelSize.Width, o.Stride.Width, 0, 1)), o.CeilMode, Describe(o));

    public static LpPoolOp Of(LPPool3dOptions o) => new(
        o,
        3,
        o.NormType,
        (new(o.KernelSize.Depth, o.Stride.Depth, 0, 1), new(o.KernelSize.Height, o.Stride.Height, 0, 1), new(o.KernelSize.Width, o.Stride.Width, 0, 1)),
        o.CeilMode,
        Describe(o));

    /// <summary>avg_pool's windows with padding 0 (so count_include_pad counts the clipped window).</summary>
    public PoolWindows Windows(TensorShape input) => ReferencePooling.AvgPool(input, axes.D, axes.H, axes.W, ceil, true, null);

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
        var used = new[] { axes.D, axes.H, axes.W }[(3 - SpatialRank)..];
        return new()
        {
            NormType = P,
            KernelSize = SpatialRank == 1 ? axes.W.Kernel : used.Select(a => a.Kernel).ToArray(),
            Stride = used.Select(a => a.Stride).ToArray(),
            CeilMode = ceil,
        };
    }

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        switch (Options)
        {
            case LPPool1dOptions o:
                engine.LPPool1d(input, o, output);
                break;
            case LPPool2dOptions o:
                engine.LPPool2d(input, o, output);
                break;
            default:
                engine.LPPool3d(input, (LPPool3dOptions)Options, output);
                break;
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) => Options switch
    {
        LPPool1dOptions o => engine.LPPool1d(input, o),
        LPPool2dOptions o => engine.LPPool2d(input, o),
        _ => engine.LPPool3d(input, (LPPool3dOptions)Options),
    };

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        using var output = ForwardNew(engine, input);
        switch (Options)
        {
            case LPPool1dOptions o:
                engine.LPPool1dBackward(gradOutput, input, output, o, gradInput);
                break;
            case LPPool2dOptions o:
                engine.LPPool2dBackward(gradOutput, input, output, o, gradInput);
                break;
            default:
                engine.LPPool3dBackward(gradOutput, input, output, (LPPool3dOptions)Options, gradInput);
                break;
        }
    }

    /// <summary>The options as test names show them: <c>k(3, 2) s(1, 2)</c>.</summary>
    private static string Describe<TSize>(LPPoolOptions<TSize> o)
        where TSize : struct => $"k{o.KernelSize} s{o.Stride}";
}
