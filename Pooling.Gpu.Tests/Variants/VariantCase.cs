namespace Pooling.Gpu.Tests;

/// <summary>
/// A forward case in another element type and/or layout. Test data are the case's float32 data
/// rounded into the type, kept in logical (channels-first) order on the host and reordered for
/// the device; results are read back as float64 in logical order.
/// </summary>
public sealed record VariantCase(ForwardCase Case, ElementType Element, TensorLayout Layout)
{
    public string Name => $"{Case.Name} {Element} {Layout}";

    public TensorShape DeviceShape => Case.Shape.WithLayout(Layout);

    public float[] Input() => Case.Input().Select(v => Element.Round(v)).ToArray();

    public float[] GradOutput(TensorShape output) => Case.GradOutput(output).Select(v => Element.Round(v)).ToArray();

    /// <summary>Forward into poisoned buffers; values in logical order, indices in logical order.</summary>
    public (double[] Values, long[]? Indices) Run(PoolingEngine engine, float[] x, TensorShape output) => Element switch
    {
        ElementType.Float64 => Run(engine, x, output, v => (double)v, v => v, double.MinValue),
        ElementType.Float16 => Run(engine, x, output, v => (ILGPU.Half)v, v => (float)v, (ILGPU.Half)Poison.Value),
        ElementType.BFloat16 => Run(engine, x, output, v => (BFloat16)v, v => (float)v, (BFloat16)Poison.Value),
        _ => Run(engine, x, output, v => v, v => v, Poison.Value),
    };

    /// <summary>Backward (forward first for max ops) into a poisoned gradient buffer; the gradient in logical order.</summary>
    public double[] RunBackward(PoolingEngine engine, float[] x, float[] g, TensorShape output, IndexForm form) => Element switch
    {
        ElementType.Float64 => RunBackward(engine, x, g, output, form, v => (double)v, v => v, double.MinValue),
        ElementType.Float16 => RunBackward(engine, x, g, output, form, v => (ILGPU.Half)v, v => (float)v, (ILGPU.Half)Poison.Value),
        ElementType.BFloat16 => RunBackward(engine, x, g, output, form, v => (BFloat16)v, v => (float)v, (BFloat16)Poison.Value),
        _ => RunBackward(engine, x, g, output, form, v => v, v => v, Poison.Value),
    };

    public OracleCase ToOracle(float[] x, float[]? gradOutput = null) =>
        Case.ToOracle(x, gradOutput, Element.TorchName(), Layout == TensorLayout.ChannelsLast && Case.Shape.Rank == 4) with { Id = Name };

    public override string ToString() => Name;

    private (double[] Values, long[]? Indices) Run<T>(PoolingEngine engine, float[] x, TensorShape output, Func<float, T> to, Func<T, double> from, T poison)
        where T : unmanaged
    {
        var deviceOutput = output.WithLayout(Layout);
        var (values, indices) = Case.Run(engine, Layouts.ToLayout(x.Select(to).ToArray(), Case.Shape, Layout), DeviceShape, deviceOutput, poison);
        return (
            Layouts.FromLayout(values, output, Layout).Select(from).ToArray(),
            indices is null ? null : Layouts.FromLayout(indices, output, Layout));
    }

    private double[] RunBackward<T>(PoolingEngine engine, float[] x, float[] g, TensorShape output, IndexForm form, Func<float, T> to, Func<T, double> from, T poison)
        where T : unmanaged
    {
        var gradInput = Case.RunBackward(
            engine,
            Layouts.ToLayout(x.Select(to).ToArray(), Case.Shape, Layout),
            Layouts.ToLayout(g.Select(to).ToArray(), output, Layout),
            DeviceShape,
            output.WithLayout(Layout),
            form,
            poison);
        return Layouts.FromLayout(gradInput, Case.Shape, Layout).Select(from).ToArray();
    }
}
