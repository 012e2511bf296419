using ILGPU;
using ILGPU.Runtime;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Bad arguments to an op are refused before anything runs: the exception names the parameter
/// and the value, and the caller's output buffers still hold their poison afterwards.
/// </summary>
public sealed class RejectedCallTests
{
    private static readonly TensorShape InputShape = new(2, 3, 6, 6);
    private static readonly MaxPool2dOptions Max = new(2);
    private static readonly AvgPool2dOptions Avg = new(2);

    /// <summary>A call, the parameter it must blame and the start of the message.</summary>
    public sealed record Rejection(string Name, Action<PoolingEngine, Buffers> Call, string Parameter, string Message)
    {
        public override string ToString() => Name;
    }

    /// <summary>A valid input, and poisoned outputs of the right (2x3x3x3, 2x3x1x1) and a wrong shape.</summary>
    public sealed class Buffers(PoolingEngine engine) : IDisposable
    {
        public DeviceTensor<float> Input { get; } = engine.Upload<float>(TestData.Make(InputShape.Length, DataKind.Random, 1), InputShape);

        public DeviceTensor<float> Output { get; } = Poison.Values(engine, new TensorShape(2, 3, 3, 3));

        public DeviceTensor<long> Indices { get; } = Poison.Indices(engine, new TensorShape(2, 3, 3, 3));

        public DeviceTensor<float> GlobalOutput { get; } = Poison.Values(engine, new TensorShape(2, 3, 1, 1));

        public DeviceTensor<long> GlobalIndices { get; } = Poison.Indices(engine, new TensorShape(2, 3, 1, 1));

        public DeviceTensor<float> WrongOutput { get; } = Poison.Values(engine, new TensorShape(2, 3, 3, 2));

        public DeviceTensor<long> WrongIndices { get; } = Poison.Indices(engine, new TensorShape(1, 3, 3, 3));

        public void AssertStillPoisoned()
        {
            Assert.That(Output.ToArray(), Is.All.EqualTo(Poison.Value), "output was written");
            Assert.That(WrongOutput.ToArray(), Is.All.EqualTo(Poison.Value), "output was written");
            Assert.That(GlobalOutput.ToArray(), Is.All.EqualTo(Poison.Value), "output was written");
            Assert.That(Indices.ToArray(), Is.All.EqualTo(Poison.Index), "indices were written");
            Assert.That(GlobalIndices.ToArray(), Is.All.EqualTo(Poison.Index), "indices were written");
            Assert.That(WrongIndices.ToArray(), Is.All.EqualTo(Poison.Index), "indices were written");
        }

        public void Dispose()
        {
            foreach (var t in new IDisposable[] { Input, Output, Indices, GlobalOutput, GlobalIndices, WrongOutput, WrongIndices })
            {
                t.Dispose();
            }
        }
    }

    private static IEnumerable<Rejection> Rejections =>
    [
        new("max_pool2d output shape", (e, b) => e.MaxPool(b.Input, Max, b.WrongOutput), "output",
            "output has shape [2, 3, 3, 2], but max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("max_pool2d indices shape", (e, b) => e.MaxPoolWithIndices(b.Input, Max, b.Output, b.WrongIndices), "indices",
            "indices has shape [1, 3, 3, 3], but max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("max_pool2d padding", (e, b) => e.MaxPoolWithIndices(b.Input, Max with { Padding = 2 }, b.Output, b.Indices), "Padding",
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"),
        new("max_pool2d too small", (e, b) => e.MaxPool(b.Input, new MaxPool2dOptions(7), b.Output), "input",
            "Given input size: (3x6x6). Calculated output size: (3x0x0). Output size is too small"),
        new("avg_pool2d output shape", (e, b) => e.AvgPool(b.Input, Avg, b.WrongOutput), "output",
            "output has shape [2, 3, 3, 2], but avg_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("avg_pool2d padding", (e, b) => e.AvgPool(b.Input, Avg with { Padding = (0, 2) }, b.Output), "Padding",
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"),
        new("adaptive_avg_pool2d output size", (e, b) => e.AdaptiveAvgPool2d(b.Input, (0, 3), b.Output), "outputSize",
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 1 but received {0, 3}"),
        new("adaptive_max_pool2d output size", (e, b) => e.AdaptiveMaxPool2dWithIndices(b.Input, (3, -1), b.Output, b.Indices), "outputSize",
            "adaptive_max_pool2d: elements of output_size must be greater than or equal to 1 but received {3, -1}"),
        new("adaptive_avg_pool2d output shape", (e, b) => e.AdaptiveAvgPool2d(b.Input, 3, b.WrongOutput), "output",
            "output has shape [2, 3, 3, 2], but adaptive_avg_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("adaptive_max_pool2d indices shape", (e, b) => e.AdaptiveMaxPool2dWithIndices(b.Input, 3, b.Output, b.WrongIndices), "indices",
            "indices has shape [1, 3, 3, 3], but adaptive_max_pool2d of an input of shape [2, 3, 6, 6] gives [2, 3, 3, 3]."),
        new("global avg output shape", (e, b) => e.GlobalAvgPool2d(b.Input, b.Output), "output",
            "output has shape [2, 3, 3, 3], but global average pooling of an input of shape [2, 3, 6, 6] gives [2, 3, 1, 1]."),
        new("global max indices shape", (e, b) => e.GlobalMaxPool2dWithIndices(b.Input, b.GlobalOutput, b.Indices), "indices",
            "indices has shape [2, 3, 3, 3], but global max pooling of an input of shape [2, 3, 6, 6] gives [2, 3, 1, 1]."),
        new("global max output shape", (e, b) => e.GlobalMaxPool2d(b.Input, b.WrongOutput), "output",
            "output has shape [2, 3, 3, 2], but global max pooling of an input of shape [2, 3, 6, 6] gives [2, 3, 1, 1]."),
        new("output overlaps input", (e, b) => e.MaxPool(b.Input, Max, e.Wrap(b.Input.View.SubView(0, 54), new TensorShape(2, 3, 3, 3))), "output",
            "output overlaps the input's memory; max_pool2d cannot work in place."),
        new("indices overlap output", (e, b) => e.GlobalMaxPool2dWithIndices(b.Input, b.GlobalOutput, e.Wrap(b.GlobalOutput.View.Cast<long>(), new TensorShape(1, 3, 1, 1))), "indices",
            "indices has shape [1, 3, 1, 1], but global max pooling"),
    ];

    [TestCaseSource(nameof(Rejections))]
    public void IsRefusedAndWritesNothing(Rejection rejection)
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        OptionValidationTests.AssertRejected(() => rejection.Call(engine, buffers), rejection.Parameter, rejection.Message);
        buffers.AssertStillPoisoned();
    }

    [Test]
    public void IndicesAliasingTheOutputAreRefused()
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        using var aliased = engine.Wrap(buffers.GlobalIndices.View, new TensorShape(2, 3, 1, 1));
        OptionValidationTests.AssertRejected(
            () => engine.GlobalMaxPool2dWithIndices(buffers.Input, engine.Wrap(buffers.GlobalIndices.View.Cast<float>().SubView(0, 6), new TensorShape(2, 3, 1, 1)), aliased),
            "indices",
            "indices overlaps the input's memory; global max pooling cannot work in place.");
        buffers.AssertStillPoisoned();
    }

    [Test]
    public void ZeroSizedPlanesAreRefusedByAdaptiveAndGlobalOps()
    {
        var engine = TestEngine.Instance;
        using var empty = engine.Allocate<float>(new TensorShape(1, 3, 0, 4));
        const string Rest = "(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 3, 0, 4] with dimension 2 being empty";
        OptionValidationTests.AssertRejected(() => engine.AdaptiveAvgPool2d(empty, 2), "input", "adaptive_avg_pool2d" + Rest);
        OptionValidationTests.AssertRejected(() => engine.AdaptiveMaxPool2d(empty, 2), "input", "adaptive_max_pool2d" + Rest);
        OptionValidationTests.AssertRejected(() => engine.GlobalAvgPool2d(empty), "input", "adaptive_avg_pool2d" + Rest);
        OptionValidationTests.AssertRejected(() => engine.GlobalMaxPool2d(empty), "input", "adaptive_max_pool2d" + Rest);
        using var emptyChannels = engine.Allocate<float>(new TensorShape(1, 0, 4, 4));
        OptionValidationTests.AssertRejected(
            () => engine.GlobalMaxPool2d(emptyChannels),
            "input",
            "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4, 4] with dimension 1 being empty");
    }

    [Test]
    public void TensorsOfAnotherAcceleratorAreRefused()
    {
        using var other = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        using var foreignInput = other.Upload<float>(new float[InputShape.Length], InputShape);
        using var foreignOutput = Poison.Values(other, new TensorShape(2, 3, 3, 3));
        // The two accelerators may have the same kind and device name: the messages tell them apart by instance.
        string Named(PoolingEngine e) => $"{e.AcceleratorType} accelerator #{AcceleratorNames.Number(e.Accelerator)} '{e.DeviceName}'";
        string twins = engine.AcceleratorType == AcceleratorType.CPU ? ": another accelerator instance with the same device name." : ".";
        Assert.That(AcceleratorNames.Number(other.Accelerator), Is.GreaterThan(AcceleratorNames.Number(engine.Accelerator)), "numbered in the order the engines were made");
        string elsewhere = $"{Named(other)}, not on this engine's {Named(engine)}{twins}";
        OptionValidationTests.AssertRejected(() => engine.MaxPool(foreignInput, Max), "input", $"input lives on {elsewhere}");
        OptionValidationTests.AssertRejected(() => engine.MaxPool(buffers.Input, Max, foreignOutput), "output", $"output lives on {elsewhere}");
        OptionValidationTests.AssertRejected(() => engine.Wrap(foreignInput.View, InputShape), "view", $"The view lives on {elsewhere}");
        OptionValidationTests.AssertRejected(
            () => engine.MaxPool(buffers.Input, Max, buffers.Output, other.Accelerator.DefaultStream), "stream", $"The stream belongs to {Named(other)}, not to this engine's {Named(engine)}{twins}");
        Assert.That(engine.ToString(), Does.StartWith($"PoolingEngine on {Named(engine)}: "));
        Assert.That(foreignInput.ToString(), Is.EqualTo($"DeviceTensor<Single>{InputShape} on {Named(other)}"));
        buffers.AssertStillPoisoned();
        Assert.That(foreignOutput.ToArray(), Is.All.EqualTo(Poison.Value));
    }

    [Test]
    public void NullArgumentsAreRefused()
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentNullException>(() => engine.MaxPool<float, Size2>(null!, Max))!.ParamName, Is.EqualTo("input"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => engine.MaxPool(buffers.Input, (MaxPool2dOptions)null!))!.ParamName, Is.EqualTo("options"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => engine.AvgPool(buffers.Input, (AvgPool2dOptions)null!, buffers.Output))!.ParamName, Is.EqualTo("options"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => engine.AvgPool(buffers.Input, Avg, (DeviceTensor<float>)null!))!.ParamName, Is.EqualTo("output"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => engine.GlobalMaxPool2dWithIndices(buffers.Input, buffers.GlobalOutput, null!))!.ParamName, Is.EqualTo("indices"));
        });
        buffers.AssertStillPoisoned();
    }

    [Test]
    public void DisposedTensorsAndEnginesAreRefused()
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        var input = engine.Upload<float>(new float[InputShape.Length], InputShape);
        input.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => engine.MaxPool(input, Max, buffers.Output))!;
        Assert.That((error.ObjectName, error.Message), Is.EqualTo(("input", $"input (DeviceTensor<Single> of shape [2, 3, 6, 6]) was disposed.{Environment.NewLine}Object name: 'input'.")));
        error = Assert.Throws<ObjectDisposedException>(() => engine.MaxPool(buffers.Input, Max, input))!;
        Assert.That(error.Message, Does.StartWith("output (DeviceTensor<Single> of shape [2, 3, 6, 6]) was disposed."));
        error = Assert.Throws<ObjectDisposedException>(() => input.ToArray())!;
        Assert.That(
            (error.ObjectName, error.Message),
            Is.EqualTo(("DeviceTensor<Single>", $"This DeviceTensor<Single> of shape [2, 3, 6, 6] was disposed.{Environment.NewLine}Object name: 'DeviceTensor<Single>'.")));

        var disposedEngine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        disposedEngine.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposedEngine.MaxPool(buffers.Input, Max));
        Assert.Throws<ObjectDisposedException>(() => disposedEngine.Allocate<float>(InputShape));
        buffers.AssertStillPoisoned();
    }

    [Test]
    public void HostDataOfTheWrongLengthIsRefused()
    {
        var engine = TestEngine.Instance;
        OptionValidationTests.AssertRejected(() => engine.Upload<float>(new float[5], new TensorShape(1, 1, 2, 3)), "data", "Expected 6 elements for shape [1, 1, 2, 3], but got 5.");
        using var tensor = engine.Allocate<float>(new TensorShape(1, 1, 2, 3));
        OptionValidationTests.AssertRejected(() => tensor.CopyFrom(new float[7]), "data", "Expected 6 elements for shape [1, 1, 2, 3], but got 7.");
        OptionValidationTests.AssertRejected(() => engine.Wrap(tensor.View, new TensorShape(1, 1, 2, 2)), "view", "The view has 6 elements, but shape [1, 1, 2, 2] needs 4.");
    }
}
