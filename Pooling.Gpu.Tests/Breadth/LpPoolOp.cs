namespace Pooling.Gpu.Tests;

/// <summary>lp_pool1d (options <see cref="LPPool1dOptions"/>) or lp_pool2d (<see cref="LPPool2dOptions"/>).</summary>
public sealed record LpPoolOp : BreadthOp
{
    private LpPoolOp(LPPool1dOptions? line, LPPool2dOptions? plane)
    {
        Line = line;
        Plane = plane;
    }

    public LPPool1dOptions? Line { get; }

    public LPPool2dOptions? Plane { get; }

    public double P => Line?.NormType ?? Plane!.NormType;

    public override string Name => Line is { } l
        ? $"lp_pool1d p{l.NormType} k{l.KernelSize} s{l.Stride}{(l.CeilMode ? " ceil" : "")}"
        : $"lp_pool2d p{Plane!.NormType} k{Plane.KernelSize} s{Plane.Stride}{(Plane.CeilMode ? " ceil" : "")}";

    public override string TorchOp => Line is null ? OracleOp.LPPool2d : OracleOp.LPPool1d;

    public static LpPoolOp Of(LPPool1dOptions options) => new(options, null);

    public static LpPoolOp Of(LPPool2dOptions options) => new(null, options);

    /// <summary>avg_pool's windows with padding 0 (so count_include_pad counts the clipped window).</summary>
    public PoolWindows Windows(TensorShape input) => Line is { } l
        ? ReferencePooling.AvgPool(input, Axis.Unit, Axis.Unit, new(l.KernelSize, l.Stride, 0, 1), l.CeilMode, true, null)
        : ReferencePooling.AvgPool(
            input, Axis.Unit, new(Plane!.KernelSize.Height, Plane.Stride.Height, 0, 1), new(Plane.KernelSize.Width, Plane.Stride.Width, 0, 1), Plane.CeilMode, true, null);

    public long KernelArea => Line?.KernelSize ?? (long)Plane!.KernelSize.Height * Plane.KernelSize.Width;

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

    public override OracleParams TorchParams() => Line is { } l
        ? new() { NormType = l.NormType, KernelSize = l.KernelSize, Stride = new[] { l.Stride }, CeilMode = l.CeilMode }
        : new() { NormType = Plane!.NormType, KernelSize = Plane.KernelSize, Stride = Plane.Stride, CeilMode = Plane.CeilMode };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        if (Line is not null)
        {
            engine.LPPool1d(input, Line, output);
        }
        else
        {
            engine.LPPool2d(input, Plane!, output);
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input) =>
        Line is not null ? engine.LPPool1d(input, Line) : engine.LPPool2d(input, Plane!);

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        using var output = ForwardNew(engine, input);
        if (Line is not null)
        {
            engine.LPPool1dBackward(gradOutput, input, output, Line, gradInput);
        }
        else
        {
            engine.LPPool2dBackward(gradOutput, input, output, Plane!, gradInput);
        }
    }
}
