namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool2d of the max pooling (kernel, stride, padding of <see cref="Options"/>) of a
/// <see cref="Source"/>-shaped tensor. Its indices are that pooling's (the float64 reference's,
/// on seeded data: overlapping windows share maxima, so indices repeat), or, with
/// <see cref="Duplicates"/>, random positions from a few, so that many inputs share each.
/// </summary>
public sealed record UnpoolOp(TensorShape Source, MaxUnpool2dOptions Options, bool Duplicates) : BreadthOp
{
    public override string Name =>
        $"max_unpool2d k{Options.KernelSize} s{Options.Stride} p{Options.Padding}{(Options.OutputSize is { } o ? $" ->{o}" : "")} of {Source}{(Duplicates ? " duplicates" : "")}";

    public override string TorchOp => OracleOp.MaxUnpool2d;

    /// <summary>The pooled shape: the unpooling's input.</summary>
    public TensorShape Pooled => Source.WithSpatial(
        ReferencePooling.OutputSize(Source.H, Options.KernelSize.Height, Options.Stride.Height, Options.Padding.Height, 1, false),
        ReferencePooling.OutputSize(Source.W, Options.KernelSize.Width, Options.Stride.Width, Options.Padding.Width, 1, false));

    /// <summary>PyTorch's rule: the requested size, or <c>(in - 1)*stride - 2*pad + kernel</c>.</summary>
    public TensorShape OutputShape(TensorShape input) => Options.OutputSize is { } size
        ? input.WithSpatial(size.Height, size.Width)
        : input.WithSpatial(
            (input.H - 1) * Options.Stride.Height - 2 * Options.Padding.Height + Options.KernelSize.Height,
            (input.W - 1) * Options.Stride.Width - 2 * Options.Padding.Width + Options.KernelSize.Width);

    public override long[]? InputIndices(TensorShape input)
    {
        var logical = input.WithLayout(TensorLayout.ChannelsFirst);
        if (Duplicates)
        {
            var random = new Random(TestData.SeedOf(Name));
            long few = Math.Max(1, Math.Min(OutputShape(logical).PlaneLength, logical.PlaneLength / 2));
            return [.. Enumerable.Range(0, (int)logical.Length).Select(_ => random.NextInt64(few))];
        }

        var source = TestData.Make(Source.Length, DataKind.Ties, TestData.SeedOf(Name + " source"));
        var windows = ReferencePooling.MaxPool2d(Source, Options.KernelSize, Options.Stride, Options.Padding, 1, false);
        return ReferencePooling.Max(source, windows, Source).Indices;
    }

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferenceUnpool.Forward(x, InputIndices(input)!, input, OutputShape(input));

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input) =>
        ReferenceUnpool.Backward(g, InputIndices(input)!, input, OutputShape(input));

    public override OracleParams TorchParams() =>
        new() { KernelSize = Options.KernelSize, Stride = Options.Stride, Padding = Options.Padding, OutputSize = Options.OutputSize };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        using var positions = Upload(engine, input.Shape);
        engine.MaxUnpool2d(input, positions, Options, output);
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
    {
        using var positions = Upload(engine, input.Shape);
        return engine.MaxUnpool2d(input, positions, Options);
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
    {
        using var positions = Upload(engine, input.Shape);
        engine.MaxUnpool2dBackward(gradOutput, positions, Options, gradInput);
    }

    /// <summary>The indices in the input's layout.</summary>
    private DeviceTensor<long> Upload(PoolingEngine engine, TensorShape input) =>
        engine.Upload<long>(Layouts.ToLayout(InputIndices(input)!, input.WithLayout(TensorLayout.ChannelsFirst), input.Layout), input);
}
