using System.Numerics;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One integer max pooling case: an op, a logical input shape and the kind of data, in an integer
/// type and a layout. Data are made from a seed derived from the case, kept as int64 values in
/// logical (channels-first) order on the host, and reordered for the device; results are read
/// back as int64 in logical order.
/// </summary>
public sealed record IntegerCase(PoolOp Op, TensorShape Shape, IntegerDataKind Data, IntegerType Type, TensorLayout Layout = TensorLayout.ChannelsFirst)
{
    public string Name => $"{Op.Name} {Shape} {Data} {Type} {Layout}";

    public long[] Input() => IntegerData.Make(Shape.Length, Data, Type, TestData.SeedOf($"{Op.Name} {Shape} {Data} {Type}"));

    /// <summary>The reference's values and PyTorch-form indices, and the output shape.</summary>
    public (long[] Values, long[] Indices, TensorShape Output) Reference(long[] x)
    {
        var windows = Op.Windows(Shape);
        var (values, indices) = ReferencePooling.IntegerMax(x, windows, Shape, Type.Min());
        return (values, indices, windows.Output);
    }

    /// <summary>Forward into poisoned values and PyTorch-form indices.</summary>
    public (long[] Values, long[] Indices) Run(PoolingEngine engine, long[] x, TensorShape output) => Type.Dispatch(new ForwardCall(this, engine, x, output));

    /// <summary>The allocating form's values.</summary>
    public long[] RunAllocating(PoolingEngine engine, long[] x, TensorShape output) => Type.Dispatch(new AllocatingCall(this, engine, x, output));

    /// <summary>The compact-index forward into poisoned values, and its indices converted to PyTorch's form.</summary>
    public (long[] Values, long[] Indices) RunCompact(PoolingEngine engine, long[] x, TensorShape output) => Type.Dispatch(new CompactCall(this, engine, x, output));

    /// <summary>Whether Debian's PyTorch 1.13 can answer: no window without an input position, padding within half the kernel, values it compares exactly.</summary>
    public bool TorchCanAnswer(long[] x) =>
        !Reference(x).Indices.Contains(-1) && (Op is not MaxPoolOp m || m.WithinTorch113PaddingRule) && IntegerData.TorchCanAnswer(x);

    public OracleCase ToOracle(long[] x) => new(
        Name, Op.TorchOp, Shape.Sizes(), [], Op.TorchParams(), DType: Type.TorchName(), ChannelsLast: Layout == TensorLayout.ChannelsLast && Shape.IsBatched, IntegerInput: x);

    public override string ToString() => Name;

    private DeviceTensor<T> Upload<T>(PoolingEngine engine, long[] logical)
        where T : unmanaged, IBinaryInteger<T> =>
        engine.Upload<T>(Layouts.ToLayout(logical.Select(T.CreateTruncating).ToArray(), Shape, Layout), Shape.WithLayout(Layout));

    private DeviceTensor<TOut> Poisoned<TOut>(PoolingEngine engine, TensorShape shape, TOut poison)
        where TOut : unmanaged => engine.Upload<TOut>(Enumerable.Repeat(poison, checked((int)shape.Length)).ToArray(), shape.WithLayout(Layout));

    private long[] Read<T>(DeviceTensor<T> tensor, TensorShape shape)
        where T : unmanaged, IBinaryInteger<T> => [.. Layouts.FromLayout(tensor.ToArray(), shape, Layout).Select(long.CreateTruncating)];

    private readonly record struct ForwardCall(IntegerCase Case, PoolingEngine Engine, long[] X, TensorShape Output) : IIntegerCall<(long[], long[])>
    {
        public (long[], long[]) Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            using var input = Case.Upload<T>(Engine, X);
            using var values = Case.Poisoned(Engine, Output, T.CreateTruncating(Case.Type.Poison()));
            using var indices = Case.Poisoned(Engine, Output, Poison.Index);
            Case.Op.Forward(Engine, input, values, indices);
            return (Case.Read(values, Output), Layouts.FromLayout(indices.ToArray(), Output, Case.Layout));
        }
    }

    private readonly record struct AllocatingCall(IntegerCase Case, PoolingEngine Engine, long[] X, TensorShape Output) : IIntegerCall<long[]>
    {
        public long[] Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            using var input = Case.Upload<T>(Engine, X);
            using var output = Case.Op.ForwardNew(Engine, input);
            Assert.That(output.Shape, Is.EqualTo(Output.WithLayout(Case.Layout)), "allocated output's shape");
            return Case.Read(output, Output);
        }
    }

    private readonly record struct CompactCall(IntegerCase Case, PoolingEngine Engine, long[] X, TensorShape Output) : IIntegerCall<(long[], long[])>
    {
        public (long[], long[]) Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            using var input = Case.Upload<T>(Engine, X);
            using var values = Case.Poisoned(Engine, Output, T.CreateTruncating(Case.Type.Poison()));
            using var compact = Case.Op.ForwardCompact(Engine, input, values);
            using var torch = Case.Poisoned(Engine, Output, Poison.Index);
            Engine.ToTorchIndices(compact, torch);
            return (Case.Read(values, Output), Layouts.FromLayout(torch.ToArray(), Output, Case.Layout));
        }
    }
}
