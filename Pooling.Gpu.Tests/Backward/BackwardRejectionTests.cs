using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Backward calls check the gradient shapes and that the indices belong to the same forward call,
/// before anything runs; a refused call leaves the caller's gradient buffer as it was.
/// </summary>
public sealed class BackwardRejectionTests
{
    private static readonly TensorShape InputShape = new(2, 3, 6, 6);
    private static readonly TensorShape OutputShape = new(2, 3, 3, 3);
    private static readonly MaxPool2dOptions Max = new(2);

    /// <summary>A call, the parameter it must blame and the start of the message.</summary>
    public sealed record Rejection(string Name, Action<PoolingEngine, Buffers> Call, string Parameter, string Message)
    {
        public override string ToString() => Name;
    }

    /// <summary>Gradients and indices of a 2x2 max pooling of a (2,3,6,6) input, and wrong-shaped ones; gradInput is poisoned.</summary>
    public sealed class Buffers : IDisposable
    {
        public Buffers(PoolingEngine engine)
        {
            GradOutput = engine.Upload<float>(TestData.Make(OutputShape.Length, DataKind.Random, 3), OutputShape);
            WrongGradOutput = engine.Allocate<float>(new TensorShape(2, 3, 3, 2));
            GradInput = Poison.Values(engine, InputShape);
            Indices = engine.Upload<long>(new long[OutputShape.Length], OutputShape);
            WrongIndices = engine.Upload<long>(new long[18], new TensorShape(1, 3, 3, 2));
            Compact = engine.AllocateMaxPoolIndices(InputShape, Max);
                        OtherShape = engine.AllocateMaxPoolIndices(new TensorShape(1, 3, 6, 6), Max);
            Adaptive = engine.AllocateAdaptiveMaxPoolIndices(InputShape, 3);
        }

        public DeviceTensor<float> GradOutput { get; }

        public DeviceTensor<float> WrongGradOutput { get; }

        public DeviceTensor<float> GradInput { get; }

        public DeviceTensor<long> Indices { get; }

        public DeviceTensor<long> WrongIndices { get; }

        public MaxPoolIndices Compact { get; }

        public MaxPoolIndices OtherShape { get; }

        public MaxPoolIndices Adaptive { get; }

        public void Dispose()
        {
            foreach (var t in new IDisposable[] { GradOutput, WrongGradOutput, GradInput, Indices, WrongIndices, Compact, OtherShape, Adaptive })
            {
                t.Dispose();
            }
        }
    }

    private static IEnumerable<Rejection> Rejections =>
    [
        new("max_pool2d gradOutput shape", (e, b) => e.MaxPoolBackward(b.WrongGradOutput, b.Indices, Max, b.GradInput), "gradOutput",
            "gradOutput has shape [2, 3, 3, 2], but max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("max_pool2d indices shape", (e, b) => e.MaxPoolBackward(b.GradOutput, b.WrongIndices, Max, b.GradInput), "indices",
            "indices has shape [1, 3, 3, 2], but max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("max_pool2d options", (e, b) => e.MaxPoolBackward(b.GradOutput, b.Indices, Max with { Padding = 2 }, b.GradInput), "Padding",
            "pad should be at most half of effective kernel size"),
        new("compact indices of another shape", (e, b) => e.MaxPoolBackward(b.GradOutput, b.OtherShape, b.GradInput), "gradInput",
            "gradInput has shape [2, 3, 6, 6], but the forward max pooling had an input of shape [1, 3, 6, 6]."),
        new("compact indices into a forward of other options", (e, b) => e.MaxPool(b.GradInput, Max with { Stride = 1 }, e.Allocate<float>(new TensorShape(2, 3, 5, 5)), b.Compact), "indices",
            "indices were made for input [2, 3, 6, 6] -> output [2, 3, 3, 3] with other windows; this call pools [2, 3, 6, 6] -> [2, 3, 5, 5]."),
        new("adaptive indices into max_pool2d", (e, b) => e.MaxPool(b.GradInput, Max, e.Allocate<float>(OutputShape), b.Adaptive), "indices",
            "indices were made for input [2, 3, 6, 6] -> output [2, 3, 3, 3] with other windows"),
        new("gradInput overlaps gradOutput", (e, b) => e.AvgPoolBackward(e.Wrap(b.GradInput.View.SubView(0, 54), OutputShape), new AvgPool2dOptions(2), b.GradInput), "gradOutput",
            "gradOutput overlaps the input's memory; avg_pool2d cannot work in place."),
        new("avg_pool2d gradOutput shape", (e, b) => e.AvgPoolBackward(b.WrongGradOutput, new AvgPool2dOptions(2), b.GradInput), "gradOutput",
            "gradOutput has shape [2, 3, 3, 2], but avg_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("adaptive_avg_pool2d gradOutput size", (e, b) => e.AdaptiveAvgPool2dBackward(e.Allocate<float>(new TensorShape(2, 3, 0, 3)), b.GradInput), "outputSize",
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 1 but received {0, 3}"),
        new("adaptive_avg_pool2d gradOutput batch", (e, b) => e.AdaptiveAvgPool2dBackward(e.Allocate<float>(new TensorShape(1, 3, 3, 3)), b.GradInput), "gradOutput",
            "gradOutput has shape [1, 3, 3, 3], but adaptive_avg_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("adaptive_max_pool2d indices shape", (e, b) => e.AdaptiveMaxPool2dBackward(b.GradOutput, b.WrongIndices, b.GradInput), "indices",
            "indices has shape [1, 3, 3, 2], but adaptive_max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("global avg gradOutput shape", (e, b) => e.GlobalAvgPool2dBackward(b.GradOutput, b.GradInput), "gradOutput",
            "gradOutput has shape [2, 3, 3, 3], but global average pooling of an input of shape [2, 3, 6, 6] gives [2, 3, 1, 1]."),
        new("global max indices shape", (e, b) => e.GlobalMaxPool2dBackward(e.Allocate<float>(new TensorShape(2, 3, 1, 1)), b.Indices, b.GradInput), "indices",
            "indices has shape [2, 3, 3, 3], but global max pooling of an input of shape [2, 3, 6, 6] gives [2, 3, 1, 1]."),
        new("torch indices of another shape", (e, b) => e.ToTorchIndices(b.Compact, b.WrongIndices), "torchIndices",
            "torchIndices has shape [1, 3, 3, 2], but the indices are for an output of shape [2, 3, 3, 3]."),
    ];

    [TestCaseSource(nameof(Rejections))]
    public void IsRefusedAndWritesNothing(Rejection rejection)
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        OptionValidationTests.AssertRejected(() => rejection.Call(engine, buffers), rejection.Parameter, rejection.Message);
        Assert.That(buffers.GradInput.ToArray(), Is.All.EqualTo(Poison.Value), "gradInput was written");
    }

    [Test]
    public void DisposedOrForeignIndicesAreRefused()
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        var disposed = engine.AllocateMaxPoolIndices(InputShape, Max);
        disposed.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => engine.MaxPoolBackward(buffers.GradOutput, disposed, buffers.GradInput))!;
        Assert.That(error.Message, Does.StartWith("indices (MaxPoolIndices for [2, 3, 6, 6] -> [2, 3, 3, 3]) was disposed."));

        using var other = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        using var foreign = other.AllocateMaxPoolIndices(InputShape, Max);
        OptionValidationTests.AssertRejected(
            () => engine.MaxPoolBackward(buffers.GradOutput, foreign, buffers.GradInput),
            "indices",
            $"indices live on {other.AcceleratorType} accelerator #{AcceleratorNames.Number(other.Accelerator)} '{other.DeviceName}', not on this engine's");
        Assert.That(buffers.GradInput.ToArray(), Is.All.EqualTo(Poison.Value), "gradInput was written");
    }

    [Test]
    public void BogusPyTorchIndicesSendTheirGradientNowhere()
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        // Per output (oh, ow): negative, huge, past the plane, or a real position outside its own window.
        var bogus = Enumerable.Range(0, (int)OutputShape.Length).Select(o => (o % 4) switch
        {
            0 => -5L,
            1 => long.MaxValue,
            2 => InputShape.PlaneLength,
            _ => (2L * (o / 3 % 3) + 3) % 6 * 6,
        }).ToArray();
        using var indices = engine.Upload<long>(bogus, OutputShape);
        engine.MaxPoolBackward(buffers.GradOutput, indices, Max, buffers.GradInput);
        var expected = new float[InputShape.Length];
        Assert.That(buffers.GradInput.ToArray(), Is.EqualTo(expected).AsCollection, "indices outside their window match no input: zero gradient, no crash");
    }
}
