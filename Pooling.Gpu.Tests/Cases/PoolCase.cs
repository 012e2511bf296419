using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One test case: an op, a logical input shape and the kind of data, in an element type
/// and a layout. Data are made from a seed derived from the case (without its type and layout,
/// so that every variant of a case sees the same values, rounded into its type), kept in logical
/// (channels-first) order on the host, and reordered for the device; results are read back as
/// float64 in logical order. With a <see cref="View"/>, the op's input and output gradient are
/// strided views of larger tensors, holding the same values.
/// </summary>
public sealed record PoolCase(
    PoolOp Op, TensorShape Shape, DataKind Data, ElementType Element = ElementType.Float32, TensorLayout Layout = TensorLayout.ChannelsFirst, StridedView? View = null)
{
    public string BaseName => $"{Op.Name} {Shape} {Data}";

    public string Name => (Element == ElementType.Float32 && Layout == TensorLayout.ChannelsFirst ? BaseName : $"{BaseName} {Element} {Layout}")
        + (View is null ? "" : $" view {View}");

    public TensorShape DeviceShape => Shape.WithLayout(Layout);

    public float[] Input() => [.. TestData.Make(Shape.Length, Data, TestData.SeedOf(BaseName)).Select(v => Element.Round(v))];

    public float[] GradOutput(TensorShape output) => [.. TestData.Make(output.Length, DataKind.Random, TestData.SeedOf(BaseName + " grad")).Select(v => Element.Round(v))];

    public ReferenceResult Reference(float[] x) => Op.Reference(x, Shape);

    public ReferenceGradient ReferenceBackward(float[] x, float[] g) => Op.ReferenceBackward(x, g, Shape);

    /// <summary>Forward into poisoned buffers (values, and PyTorch-form indices for max ops).</summary>
    public (double[] Values, long[]? Indices) Run(PoolingEngine engine, float[] x, TensorShape output) =>
        Typed.Dispatch(Element, new ForwardCall(this, engine, x, output));

    /// <summary>Backward (with the forward it needs) into a poisoned gradient buffer.</summary>
    public double[] RunBackward(PoolingEngine engine, float[] x, float[] g, TensorShape output, IndexForm form) =>
        Typed.Dispatch(Element, new BackwardCall(this, engine, x, g, output, form));

    /// <summary>The allocating forward form.</summary>
    public double[] RunAllocating(PoolingEngine engine, float[] x, TensorShape output) =>
        Typed.Dispatch(Element, new AllocatingCall(this, engine, x, output));

    /// <summary>The compact-index forward, its conversion to PyTorch's form, and the compact indices' width.</summary>
    public (double[] Values, long[] Indices, int BytesPerIndex) RunCompact(PoolingEngine engine, float[] x, TensorShape output) =>
        Typed.Dispatch(Element, new CompactCall(this, engine, x, output));

    /// <summary>The case for the PyTorch oracle, with the output's gradient when given; a view's base holds NaN outside it.</summary>
    public OracleCase ToOracle(float[] x, float[]? gradOutput) => new(
        Name,
        Op.TorchOp,
        Shape.Sizes(),
        View is null ? x : View.Scatter(x, Shape, float.NaN),
        Op.TorchParams(),
        gradOutput,
        Element.TorchName(),
        Layout == TensorLayout.ChannelsLast && Shape.IsBatched,
        Op.InputIndices(Shape),
        View: View?.ToOracle(Shape));

    public override string ToString() => Name;

    /// <summary>An input of the op in the case's layout; with a view, the view of a base tensor that holds <paramref name="filler"/> around it.</summary>
    private CaseTensor<T> Upload<T>(PoolingEngine engine, float[] logical, TensorShape shape, Func<float, T> to, T filler)
        where T : unmanaged
    {
        var values = logical.Select(to).ToArray();
        return View is null
            ? new(engine.Upload<T>(Layouts.ToLayout(values, shape, Layout), shape.WithLayout(Layout)), null)
            : View.Upload(engine, values, shape.WithLayout(Layout), filler);
    }

    private DeviceTensor<T> Poisoned<T>(PoolingEngine engine, TensorShape shape, T poison)
        where T : unmanaged => engine.Upload<T>(Enumerable.Repeat(poison, checked((int)shape.Length)).ToArray(), shape.WithLayout(Layout));

    private double[] Read<T>(DeviceTensor<T> tensor, TensorShape shape, Func<T, double> from)
        where T : unmanaged => [.. Layouts.FromLayout(tensor.ToArray(), shape, Layout).Select(from)];

    private readonly record struct ForwardCall(PoolCase Case, PoolingEngine Engine, float[] X, TensorShape Output) : ITypedCall<(double[], long[]?)>
    {
        public (double[], long[]?) Call<T>(Func<float, T> to, Func<T, double> from, T poison)
            where T : unmanaged
        {
            using var input = Case.Upload(Engine, X, Case.Shape, to, poison);
            using var values = Case.Poisoned(Engine, Output, poison);
            using var indices = Case.Op.IsMax ? Case.Poisoned(Engine, Output, Poison.Index) : null;
            Case.Op.Forward(Engine, input.Tensor, values, indices);
            return (Case.Read(values, Output, from), indices is null ? null : Layouts.FromLayout(indices.ToArray(), Output, Case.Layout));
        }
    }

    private readonly record struct BackwardCall(PoolCase Case, PoolingEngine Engine, float[] X, float[] G, TensorShape Output, IndexForm Form) : ITypedCall<double[]>
    {
        public double[] Call<T>(Func<float, T> to, Func<T, double> from, T poison)
            where T : unmanaged
        {
            using var input = Case.Upload(Engine, X, Case.Shape, to, poison);
            using var gradOutput = Case.Upload(Engine, G, Output, to, poison);
            using var gradInput = Case.Poisoned(Engine, Case.Shape, poison);
            Case.Op.Backward(Engine, input.Tensor, gradOutput.Tensor, gradInput, Form);
            return Case.Read(gradInput, Case.Shape, from);
        }
    }

    private readonly record struct AllocatingCall(PoolCase Case, PoolingEngine Engine, float[] X, TensorShape Output) : ITypedCall<double[]>
    {
        public double[] Call<T>(Func<float, T> to, Func<T, double> from, T poison)
            where T : unmanaged
        {
            using var input = Case.Upload(Engine, X, Case.Shape, to, poison);
            using var output = Case.Op.ForwardNew(Engine, input.Tensor);
            Assert.That(output.Shape, Is.EqualTo(Output.WithLayout(Case.Layout)), "allocated output's shape");
            return Case.Read(output, Output, from);
        }
    }

    private readonly record struct CompactCall(PoolCase Case, PoolingEngine Engine, float[] X, TensorShape Output) : ITypedCall<(double[], long[], int)>
    {
        public (double[], long[], int) Call<T>(Func<float, T> to, Func<T, double> from, T poison)
            where T : unmanaged
        {
            using var input = Case.Upload(Engine, X, Case.Shape, to, poison);
            using var values = Case.Poisoned(Engine, Output, poison);
            using var compact = Case.Op.ForwardCompact(Engine, input.Tensor, values);
            using var torch = Case.Poisoned(Engine, Output, Poison.Index);
            Engine.ToTorchIndices(compact, torch);
            return (Case.Read(values, Output, from), Layouts.FromLayout(torch.ToArray(), Output, Case.Layout), compact.BytesPerIndex);
        }
    }
}
