using ILGPU.Runtime;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One case of the host path's comparison with the kernels: an op with its options, an input
/// shape (and layout), an element type (or, for max ops, an <paramref name="Integer"/> type),
/// and the seed of its bits (<see cref="RawData"/>).
/// </summary>
public sealed record HostCase(PoolOp Op, TensorShape Shape, ElementType Element, int Seed, IntegerType? Integer = null)
{
    public string Name => $"{Op.Name} {Shape} {Shape.Layout} {(object?)Integer ?? Element} #{Seed}";

    /// <summary>The output's shape, in the input's layout.</summary>
    public TensorShape Output => Op.Reference(new float[Shape.Length], Shape.WithLayout(TensorLayout.ChannelsFirst)).Shape.WithLayout(Shape.Layout);

    /// <summary>
    /// Runs the case on <paramref name="engine"/> into poisoned buffers: the forward (values and
    /// PyTorch-form indices; for max ops also the values alone, compact indices, their bytes and their conversion)
    /// and each backward form (integers have none); returns every result as bytes, named.
    /// </summary>
    public List<HostResult> Run(PoolingEngine engine) => Integer is { } integer ? integer.Dispatch(new IntegerRun(this, engine)) : Element switch
    {
        ElementType.Float64 => Run<double>(engine),
        ElementType.Float16 => Run<ILGPU.Half>(engine),
        ElementType.BFloat16 => Run<BFloat16>(engine),
        _ => Run<float>(engine),
    };

    public override string ToString() => Name;

    private List<HostResult> Run<T>(PoolingEngine engine)
        where T : unmanaged
    {
        var output = Output;
        var x = RawData.As<T>(Integer is { } integer ? RawData.Integers(integer, Shape.Length, Seed) : RawData.Make(Element, Shape.Length, Seed));
        var results = new List<HostResult>();
        using var input = engine.Upload<T>(x, Shape);
        using (var values = Poisoned<T>(engine, output))
        using (var indices = Op.IsMax ? Poison.Indices(engine, output) : null)
        {
            Op.Forward(engine, input, values, indices);
            results.Add(new("forward", RawData.Bytes(values.ToArray()), Arithmetic: !Op.IsMax));
            if (indices is not null)
            {
                results.Add(new("PyTorch-form indices", RawData.Bytes(indices.ToArray()), Arithmetic: false));
            }
        }

        if (Op.IsMax)
        {
            using (var alone = Op.ForwardNew(engine, input))
            {
                results.Add(new("forward without indices", RawData.Bytes(alone.ToArray()), Arithmetic: false));
            }

            using var values = Poisoned<T>(engine, output);
            using var compact = Op.ForwardCompact(engine, input, values);
            using var converted = Poison.Indices(engine, output);
            engine.ToTorchIndices(compact, converted);
            results.Add(new("forward with compact indices", RawData.Bytes(values.ToArray()), Arithmetic: false));
            var bytes = new byte[compact.Bytes.Length];
            compact.Bytes.CopyToCPU(bytes);
            results.Add(new("compact indices", bytes, Arithmetic: false));
            results.Add(new("compact indices converted", RawData.Bytes(converted.ToArray()), Arithmetic: false));
        }

        foreach (var form in Integer is null ? Op.BackwardForms : [])
        {
            using var gradOutput = engine.Upload<T>(RawData.As<T>(RawData.Make(Element, output.Length, Seed + 1)), output);
            using var gradInput = Poisoned<T>(engine, Shape);
            Op.Backward(engine, input, gradOutput, gradInput, form);
            results.Add(new($"backward ({form} indices)", RawData.Bytes(gradInput.ToArray()), Arithmetic: true));
        }

        return results;
    }

    /// <summary>A tensor filled with a bit pattern no op writes by chance (0x5A in every byte).</summary>
    private static DeviceTensor<T> Poisoned<T>(PoolingEngine engine, TensorShape shape)
        where T : unmanaged
    {
        var bytes = new byte[shape.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        Array.Fill(bytes, (byte)0x5A);
        return engine.Upload<T>(RawData.As<T>(bytes), shape);
    }

    private readonly record struct IntegerRun(HostCase Case, PoolingEngine Engine) : IIntegerCall<List<HostResult>>
    {
        public List<HostResult> Call<T>()
            where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T> => Case.Run<T>(Engine);
    }
}

/// <summary>
/// One result of a <see cref="HostCase"/>, as bytes. <paramref name="Arithmetic"/>: computed by
/// additions and divisions, whose NaN results carry the payload of whichever NaN operand the
/// machine code names first: the JIT may swap a commutative operation's operands, so two
/// compilations of one sum may pick different NaNs. Such results (all of them elements of the
/// case's type) compare NaN as NaN; every other bit, and every bit of other results, must be equal.
/// </summary>
public sealed record HostResult(string What, byte[] Bits, bool Arithmetic);
