using ILGPU.Runtime;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Backward from indices that do not point into their own window (negative, huge, past the
/// plane, another window's position, garbage compact cells): by the library's rule their gradient
/// goes nowhere, never a crash or a write out of bounds. BackwardRejectionTests does this for
/// max_pool2d's PyTorch-form indices; here are the adaptive and global forms and compact cells.
/// </summary>
public sealed class OutOfRangeIndicesTests
{
    private static readonly TensorShape Input = new(2, 3, 6, 6);

    /// <summary>
    /// Index of output o: out of range either way, the plane's length, or (for 3x3 outputs, whose
    /// windows are 2x2 blocks) a real position in the window below its own.
    /// </summary>
    private static long Bogus(long o, TensorShape output)
    {
        long oh = o / output.W % output.H, ow = o % output.W;
        return (o % 5) switch
        {
            0 => -5,
            1 => long.MaxValue,
            2 => long.MinValue,
            3 => Input.PlaneLength,
            _ when output.PlaneLength == 1 => -Input.PlaneLength,
            _ => ((2 * oh + 2) % Input.H * Input.W) + (2 * ow),
        };
    }

    [Test]
    public void AdaptiveMaxPoolSendsTheirGradientNowhere()
    {
        var output = Input.WithSpatial(3, 3);
        AssertGradientNowhere(output, (e, g, i, grad) => e.AdaptiveMaxPool2dBackward(g, i, grad));
    }

    [Test]
    public void GlobalMaxPoolSendsTheirGradientNowhere()
    {
        var output = Input.WithSpatial(1, 1);
        AssertGradientNowhere(output, (e, g, i, grad) => e.GlobalMaxPool2dBackward(g, i, grad));
    }

    [TestCase(2, 0xFF)]
    [TestCase(2, 0x04)]
    [TestCase(17, 0xFF)]
    [TestCase(17, 0x7F)]
    public void CompactCellsOutsideTheirWindowSendTheirGradientNowhere(int kernel, int fill)
    {
        // kernel 2: 1-byte cells, ordinals >= 4 lie outside a 2x2 window; kernel 17: 4-byte cells
        // (289 positions), 0xFFFFFFFF and 0x7F7F7F7F lie far outside.
        var engine = TestEngine.Instance;
        var shape = new TensorShape(2, 3, 17, 17);
        var options = new MaxPool2dOptions(kernel);
        var output = options.OutputShape(shape);
        using var indices = engine.AllocateMaxPoolIndices(shape, options);
        indices.Bytes.MemSet((byte)fill);
        using var gradOutput = engine.Upload<float>(TestData.Make(output.Length, DataKind.Random, 4), output);
        using var gradInput = Poison.Values(engine, shape);
        engine.MaxPoolBackward(gradOutput, indices, gradInput);
        Assert.That(gradInput.ToArray(), Is.All.Zero);
    }

    private static void AssertGradientNowhere(TensorShape output, Action<PoolingEngine, DeviceTensor<float>, DeviceTensor<long>, DeviceTensor<float>> backward)
    {
        var engine = TestEngine.Instance;
        var bogus = Enumerable.Range(0, (int)output.Length).Select(o => Bogus(o, output)).ToArray();
        using var indices = engine.Upload<long>(bogus, output);
        using var gradOutput = engine.Upload<float>(TestData.Make(output.Length, DataKind.Random, 5), output);
        using var gradInput = Poison.Values(engine, Input);
        backward(engine, gradOutput, indices, gradInput);
        Assert.That(gradInput.ToArray(), Is.All.Zero);
    }
}
