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
            new(AvgPoolOp.Of(new AvgPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            new(AvgPoolOp.Of(new AvgPool3dOptions(2)), TensorShape.Of3d(1, 2, 4, 4, 4)),
            new(AdaptiveOp.Of1d(false, 1), TensorShape.Of1d(1, 2, 6)),
            new(AdaptiveOp.Of1d(false, 4), TensorShape.Unbatched1d(2, 6)),
            new(AdaptiveOp.Of3d(false, 1), TensorShape.Of3d(1, 2, 4, 4, 4)),
            new(AdaptiveOp.Of3d(false, (1, 2, 3)), TensorShape.Of3d(2, 1, 4, 4, 4)),
            new(LpPoolOp.Of(new LPPool1dOptions(2, 2)), TensorShape.Of1d(1, 2, 6)),
            new(LpPoolOp.Of(new LPPool2dOptions(1, 2)), new TensorShape(1, 2, 4, 4)),
            new(UnpoolOp.Of(new TensorShape(1, 2, 4, 4), new MaxUnpool2dOptions(2)), new TensorShape(1, 2, 2, 2)),
            new(AvgPoolOp.Of(new AvgPool2dOptions(2)), new TensorShape(1, 2, 4, 6)),
            new(AdaptiveOp.Of2d(false, 1), new TensorShape(1, 2, 4, 6)),
            new(AdaptiveOp.Of2d(false, (2, 3)), new TensorShape(2, 4, 6)),
            new(new GlobalOp(Max: false), new TensorShape(1, 2, 4, 6)),
        }
        from type in Enum.GetValues<IntegerType>()
        select (op, type);

    private static IEnumerable<(Refusal Op, IntegerType Type)> Backwards =>
        from op in new Refusal[]
        {
            new(MaxPoolOp.Of(new MaxPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            new(MaxPoolOp.Of(new MaxPool3dOptions(2)), TensorShape.Of3d(1, 2, 4, 4, 4)),
            new(AdaptiveOp.Of3d(true, 2), TensorShape.Of3d(1, 2, 4, 4, 4)),
            new(AvgPoolOp.Of(new AvgPool1dOptions(2)), TensorShape.Of1d(1, 2, 6)),
            new(AdaptiveOp.Of1d(false, 3), TensorShape.Of1d(1, 2, 6)),
            new(UnpoolOp.Of(new TensorShape(1, 2, 4, 4), new MaxUnpool2dOptions(2)), new TensorShape(1, 2, 2, 2)),
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

    /// <summary>An op that refuses integer tensors, over an input shape.</summary>
    public sealed record Refusal(PoolOp Op, TensorShape Shape)
    {
        public string TorchOp => Op.TorchOp;

        public string Id(IntegerType type, bool backward) => $"{Op.Name} {Shape} {type}{(backward ? " backward" : "")}";

        public OracleCase ToOracle(IntegerType type, bool backward) => new(
            Id(type, backward), Op.TorchOp, Shape.Sizes(), [], Op.TorchParams(), GradOutput: backward ? [] : null, DType: type.TorchName(), Indices: Op.InputIndices(Shape),
            IntegerInput: new long[Shape.Length]);

        public override string ToString() => Op.Name;
    }

    /// <summary>The op's library call in the integer type: forward (allocating), or backward with a gradient of the output's shape.</summary>
    private readonly record struct LibraryCall(Refusal Refused, bool Backward) : IIntegerCall<bool>
    {
        public bool Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            var engine = TestEngine.Instance;
            using var input = engine.Upload<T>(new T[Refused.Shape.Length], Refused.Shape);
            if (!Backward)
            {
                Refused.Op.ForwardNew(engine, input).Dispose();
            }
            else
            {
                var output = Refused.Op.Reference(new float[Refused.Shape.Length], Refused.Shape).Shape;
                using var gradOutput = engine.Upload<T>(new T[output.Length], output);
                using var gradInput = engine.Allocate<T>(Refused.Shape);
                Refused.Op.Backward(engine, input, gradOutput, gradInput, IndexForm.Torch);
            }

            return true;
        }
    }
}
