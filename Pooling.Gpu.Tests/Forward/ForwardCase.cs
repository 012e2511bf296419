namespace Pooling.Gpu.Tests;

/// <summary>The forward ops, as the tests name them (PyTorch's names).</summary>
public enum PoolOp
{
    MaxPool2d,
    AvgPool2d,
    AdaptiveMaxPool2d,
    AdaptiveAvgPool2d,
    GlobalMaxPool2d,
    GlobalAvgPool2d,
}

/// <summary>
/// One forward test case: an op with its options, an input shape and the kind of data. The
/// input is made from a seed derived from the name, so every run sees the same data.
/// </summary>
public sealed record ForwardCase(PoolOp Op, TensorShape Shape, DataKind Data, MaxPool2dOptions? Max = null, AvgPool2dOptions? Avg = null, AdaptiveSize2 OutputSize = default)
{
    public string Name => $"{Op} {Shape} {Describe()} {Data}";

    public bool IsMax => Op is PoolOp.MaxPool2d or PoolOp.AdaptiveMaxPool2d or PoolOp.GlobalMaxPool2d;

    public float[] Input() => TestData.Make(Shape.Length, Data, TestData.SeedOf(Name));

    /// <summary>The float64 reference result of this case for input <paramref name="x"/>.</summary>
    public ReferenceResult Reference(float[] x) =>
        IsMax ? ReferencePooling.Max(x, Windows(), Shape) : ReferencePooling.Average(x, Windows(), Shape);

    /// <summary>The reference windows of this case.</summary>
    public PoolWindows Windows() => Op switch
    {
        PoolOp.MaxPool2d => ReferencePooling.MaxPool2d(Shape, Max!.KernelSize, Max.Stride, Max.Padding, Max.Dilation, Max.CeilMode),
        PoolOp.AvgPool2d => ReferencePooling.AvgPool2d(Shape, Avg!.KernelSize, Avg.Stride, Avg.Padding, Avg.CeilMode, Avg.CountIncludePad, Avg.DivisorOverride),
        PoolOp.AdaptiveMaxPool2d or PoolOp.AdaptiveAvgPool2d => ReferencePooling.Adaptive(Shape, OutputSize.Height ?? Shape.H, OutputSize.Width ?? Shape.W),
        _ => ReferencePooling.Global(Shape),
    };

    /// <summary>Runs the op into poisoned caller buffers (values, and indices for max ops) and reads them back.</summary>
    public (float[] Values, long[]? Indices) Run(PoolingEngine engine, float[] x, TensorShape outputShape) => Run(engine, x, Shape, outputShape, Poison.Value);

    /// <summary>
    /// Runs the op on data of any element type and layout (<paramref name="input"/> and
    /// <paramref name="output"/> carry it) into poisoned caller buffers, and reads them back.
    /// </summary>
    public (T[] Values, long[]? Indices) Run<T>(PoolingEngine engine, T[] x, TensorShape input, TensorShape output, T poison)
        where T : unmanaged
    {
        using var inputTensor = engine.Upload<T>(x, input);
        using var values = engine.Upload<T>(Enumerable.Repeat(poison, checked((int)output.Length)).ToArray(), output);
        using var indices = IsMax ? Poison.Indices(engine, output) : null;
        switch (Op)
        {
            case PoolOp.MaxPool2d:
                engine.MaxPool2dWithIndices(inputTensor, Max!, values, indices!);
                break;
            case PoolOp.AvgPool2d:
                engine.AvgPool2d(inputTensor, Avg!, values);
                break;
            case PoolOp.AdaptiveMaxPool2d:
                engine.AdaptiveMaxPool2dWithIndices(inputTensor, OutputSize, values, indices!);
                break;
            case PoolOp.AdaptiveAvgPool2d:
                engine.AdaptiveAvgPool2d(inputTensor, OutputSize, values);
                break;
            case PoolOp.GlobalMaxPool2d:
                engine.GlobalMaxPool2dWithIndices(inputTensor, values, indices!);
                break;
            default:
                engine.GlobalAvgPool2d(inputTensor, values);
                break;
        }

        return (values.ToArray(), indices?.ToArray());
    }

    /// <summary>Runs the op's allocating form without indices, the way most callers will.</summary>
    public float[] RunAllocating(PoolingEngine engine, float[] x)
    {
        using var input = engine.Upload<float>(x, Shape);
        using var output = Op switch
        {
            PoolOp.MaxPool2d => engine.MaxPool2d(input, Max!),
            PoolOp.AvgPool2d => engine.AvgPool2d(input, Avg!),
            PoolOp.AdaptiveMaxPool2d => engine.AdaptiveMaxPool2d(input, OutputSize),
            PoolOp.AdaptiveAvgPool2d => engine.AdaptiveAvgPool2d(input, OutputSize),
            PoolOp.GlobalMaxPool2d => engine.GlobalMaxPool2d(input),
            _ => engine.GlobalAvgPool2d(input),
        };
        return output.ToArray();
    }

    /// <summary>The same case for the PyTorch oracle, with indices asked for max ops (and a dtype and layout when given).</summary>
    public OracleCase ToOracle(float[] x, float[]? gradOutput = null, string dtype = "float32", bool channelsLast = false) => new(
        Name,
        Op switch
        {
            PoolOp.MaxPool2d => OracleOp.MaxPool2d,
            PoolOp.AvgPool2d => OracleOp.AvgPool2d,
            PoolOp.AdaptiveMaxPool2d => OracleOp.AdaptiveMaxPool2d,
            PoolOp.AdaptiveAvgPool2d => OracleOp.AdaptiveAvgPool2d,
            PoolOp.GlobalMaxPool2d => OracleOp.GlobalMaxPool2d,
            _ => OracleOp.GlobalAvgPool2d,
        },
        Shape.Rank == 3 ? [Shape.C, Shape.H, Shape.W] : [Shape.N, Shape.C, Shape.H, Shape.W],
        x,
        Op switch
        {
            PoolOp.MaxPool2d => OracleParams.MaxPool(Max!, returnIndices: true),
            PoolOp.AvgPool2d => OracleParams.AvgPool(Avg!),
            PoolOp.AdaptiveMaxPool2d => new OracleParams { OutputSize = OutputSize, ReturnIndices = true },
            PoolOp.AdaptiveAvgPool2d => new OracleParams { OutputSize = OutputSize },
            PoolOp.GlobalMaxPool2d => new OracleParams { ReturnIndices = true },
            _ => new OracleParams(),
        },
        gradOutput,
        dtype,
        channelsLast);

    /// <summary>
    /// Whether PyTorch can be asked: not when a max window has no input position (PyTorch writes
    /// an out-of-range index there, and 1.13 then corrupts its heap in backward).
    /// </summary>
    public bool TorchCanAnswer(ReferenceResult reference) => !(IsMax && reference.Indices.Contains(-1));

    public override string ToString() => Name;

    private string Describe() => Op switch
    {
        PoolOp.MaxPool2d => $"k{Max!.KernelSize} s{Max.Stride} p{Max.Padding} d{Max.Dilation}{(Max.CeilMode ? " ceil" : "")}",
        PoolOp.AvgPool2d => $"k{Avg!.KernelSize} s{Avg.Stride} p{Avg.Padding}{(Avg.CeilMode ? " ceil" : "")}{(Avg.CountIncludePad ? "" : " nopad")}{(Avg.DivisorOverride is { } d ? $" div{d}" : "")}",
        PoolOp.AdaptiveMaxPool2d or PoolOp.AdaptiveAvgPool2d => $"->{OutputSize}",
        _ => "",
    };
}
