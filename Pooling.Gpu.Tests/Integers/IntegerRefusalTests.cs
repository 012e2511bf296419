using System.Numerics;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every op that refuses integer tensors, in every integer type, against PyTorch's own refusal of
/// the same call (one oracle batch): average, adaptive average (to 1, where PyTorch takes the mean,
/// and to other sizes), global average and power-average pooling, and max unpooling, forward, with
/// PyTorch's message word for word; backward (of max, average and unpooling ops; power-average
/// pooling is refused at its forward) with autograd's. PyTorch's CPU backend does
/// average int64 tensors (avg_pool, and lp_pool through it), which the library refuses: those
/// cases check that PyTorch answers and the library says why it does not.
/// </summary>
public sealed class IntegerRefusalTests
{
    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Forwards.Select(c => c.Op.ToOracle(c.Type, backward: false)), .. Backwards.Select(c => c.Op.ToOracle(c.Type, backward: true))])
            .ToDictionary(r => r.Id));

    private static IEnumerable<(Refusal Op, IntegerType Type)> Forwards =>
        from op in new Refusal[]
        {
            Refusal.Of(AvgPoolOp.Of(new AvgPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(AvgPoolOp.Of(new AvgPool3dOptions(2)), TensorShape.Of3d(1, 2, 4, 4, 4)),
            Refusal.Of(AdaptiveOp.Of1d(false, 1), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(AdaptiveOp.Of1d(false, 4), TensorShape.Unbatched1d(2, 6)),
            Refusal.Of(AdaptiveOp.Of3d(false, 1), TensorShape.Of3d(1, 2, 4, 4, 4)),
            Refusal.Of(AdaptiveOp.Of3d(false, (1, 2, 3)), TensorShape.Of3d(2, 1, 4, 4, 4)),
            Refusal.Of(LpPoolOp.Of(new LPPool1dOptions(2, 2)), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(LpPoolOp.Of(new LPPool2dOptions(1, 2)), new TensorShape(1, 2, 4, 4)),
            Refusal.Of(UnpoolOp.Of(new TensorShape(1, 2, 4, 4), new MaxUnpool2dOptions(2)), new TensorShape(1, 2, 2, 2)),
            Refusal.Of(new ForwardCase(PoolOp.AvgPool2d, new TensorShape(1, 2, 4, 6), DataKind.Random, Avg: new AvgPool2dOptions(2))),
            Refusal.Of(new ForwardCase(PoolOp.AdaptiveAvgPool2d, new TensorShape(1, 2, 4, 6), DataKind.Random, OutputSize: 1)),
            Refusal.Of(new ForwardCase(PoolOp.AdaptiveAvgPool2d, new TensorShape(2, 4, 6), DataKind.Random, OutputSize: (2, 3))),
            Refusal.Of(new ForwardCase(PoolOp.GlobalAvgPool2d, new TensorShape(1, 2, 4, 6), DataKind.Random)),
        }
        from type in Enum.GetValues<IntegerType>()
        select (op, type);

    private static IEnumerable<(Refusal Op, IntegerType Type)> Backwards =>
        from op in new Refusal[]
        {
            Refusal.Of(MaxPoolOp.Of(new MaxPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(MaxPoolOp.Of(new MaxPool3dOptions(2)), TensorShape.Of3d(1, 2, 4, 4, 4)),
            Refusal.Of(AdaptiveOp.Of3d(true, 2), TensorShape.Of3d(1, 2, 4, 4, 4)),
            Refusal.Of(AvgPoolOp.Of(new AvgPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(AdaptiveOp.Of1d(false, 3), TensorShape.Of1d(1, 2, 6)),
            Refusal.Of(UnpoolOp.Of(new TensorShape(1, 2, 4, 4), new MaxUnpool2dOptions(2)), new TensorShape(1, 2, 2, 2)),
        }
        from type in Enum.GetValues<IntegerType>()
        select (op, type);

    private static IEnumerable<TestCaseData> ForwardCases => Forwards.Select(c => new TestCaseData(c.Op, c.Type).SetName($"{c.Op.Id(c.Type, false)}"));

    private static IEnumerable<TestCaseData> BackwardCases => Backwards.Select(c => new TestCaseData(c.Op, c.Type).SetName($"{c.Op.Id(c.Type, true)}"));

    [OneTimeSetUp]
    public void NeedsPyTorch() => TorchOracle.RequireAvailable();

    [TestCaseSource(nameof(ForwardCases))]
    public void ForwardIsRefusedAsPyTorchRefusesIt(Refusal op, IntegerType type)
    {
        var torch = Torch.Value[op.Id(type, false)];

        string message = MessageOf(Assert.Throws<ArgumentException>(() => type.Dispatch(new LibraryCall(op, Backward: false)))!);

        if (torch.Error is null)
        {
            Assert.That(type, Is.EqualTo(IntegerType.Int64), "PyTorch answered");
            Assert.That(message, Does.StartWith($"Pooling.Gpu averages floating point tensors only, not 'Long' (PyTorch's CPU {op.TorchOp} takes a truncated integer mean"));
        }
        else
        {
            Assert.That(message, Is.EqualTo(torch.Error));
        }
    }

    [TestCaseSource(nameof(BackwardCases))]
    public void BackwardIsRefusedAsAutogradRefusesIt(Refusal op, IntegerType type)
    {
        var torch = Torch.Value[op.Id(type, true)];

        string message = MessageOf(Assert.Throws<ArgumentException>(() => type.Dispatch(new LibraryCall(op, Backward: true)))!);

        Assert.That(torch.Error, Is.EqualTo("only Tensors of floating point dtype can require gradients"));
        Assert.That(message, Is.EqualTo($"{torch.Error}, not '{type.TorchScalarName()}'"));
    }

    /// <summary>The message without the parameter that ArgumentException appends (the catalogue checks the parameter).</summary>
    private static string MessageOf(ArgumentException e) => e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    /// <summary>An op that refuses integer tensors: a breadth op over a shape, or a 2D forward case.</summary>
    public sealed record Refusal(TensorShape Shape, BreadthOp? Op, ForwardCase? Plane)
    {
        public static Refusal Of(BreadthOp op, TensorShape shape) => new(shape, op, null);

        public static Refusal Of(ForwardCase plane) => new(plane.Shape, null, plane);

        public string Name => Op?.Name ?? Plane!.Name;

        public string TorchOp => Op?.TorchOp ?? Plane!.ToOracle([]).Op;

        public string Id(IntegerType type, bool backward) => $"{Name} {Shape} {type}{(backward ? " backward" : "")}";

        public OracleCase ToOracle(IntegerType type, bool backward)
        {
            long[] zeros = new long[Shape.Length];
            var oracle = Op is not null
                ? new OracleCase(Id(type, backward), Op.TorchOp, Shape.Sizes(), [], Op.TorchParams(), Indices: Op.InputIndices(Shape))
                : Plane!.ToOracle([]) with { Id = Id(type, backward) };
            return oracle with { DType = type.TorchName(), IntegerInput = zeros, GradOutput = backward ? [] : null };
        }

        public override string ToString() => Name;
    }

    /// <summary>The op's library call in the integer type: forward (allocating), or backward with a gradient of the output's shape.</summary>
    private readonly record struct LibraryCall(Refusal Refused, bool Backward) : IIntegerCall<bool>
    {
        public bool Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            var engine = TestEngine.Instance;
            using var input = engine.Upload<T>(new T[Refused.Shape.Length], Refused.Shape);
            if (Refused.Plane is { } plane)
            {
                _ = plane.Run(engine, new T[plane.Shape.Length], plane.Shape, plane.Windows().Output, default);
            }
            else if (!Backward)
            {
                Refused.Op!.ForwardNew(engine, input).Dispose();
            }
            else
            {
                var output = Refused.Op!.Reference(new float[Refused.Shape.Length], Refused.Shape).Shape;
                using var gradOutput = engine.Upload<T>(new T[output.Length], output);
                using var gradInput = engine.Allocate<T>(Refused.Shape);
                Refused.Op.Backward(engine, input, gradOutput, gradInput, IndexForm.Torch);
            }

            return true;
        }
    }
}
