using ILGPU.Runtime;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool1d/2d/3d's indices are data. Without a stream a bad one is refused before anything is
/// written (<see cref="OpRejectionTests"/>); with a stream nothing is checked, and a bad
/// index is skipped (forward) or gives a zero gradient (backward), never an out-of-bounds access.
/// Of several inputs with the same index the last one is kept, as on PyTorch's CPU.
/// </summary>
public sealed class UnpoolIndexTests
{
    private static readonly TensorShape Pooled = new(1, 1, 2, 2);
    private static readonly MaxUnpool2dOptions Options = new(2);

    /// <summary>In every rank, four inputs unpooled into 16 positions: a row of 16 (kernel 4), a 4x4 plane, a 1x4x4 volume.</summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void OnAStreamBadIndicesAreSkipped(int spatialRank)
    {
        var engine = TestEngine.Instance;
        var (pooled, unpooled) = spatialRank switch
        {
            1 => (TensorShape.Of1d(1, 1, 4), TensorShape.Of1d(1, 1, 16)),
            2 => (Pooled, Pooled.WithSpatial(4, 4)),
            _ => (TensorShape.Of3d(1, 1, 1, 2, 2), TensorShape.Of3d(1, 1, 1, 4, 4)),
        };
        using var stream = engine.Accelerator.CreateStream();
        using var input = engine.Upload<float>([1, 2, 3, 4], pooled);
        using var indices = engine.Upload<long>([0, 99, -1, 15], pooled);
        using var output = Poison.Values(engine, unpooled);
        Unpool(engine, spatialRank, input, indices, output, stream);
        stream.Synchronize();
        var expected = new float[16];
        expected[0] = 1;
        expected[15] = 4;
        Assert.That(output.ToArray(), Is.EqualTo(expected).AsCollection, "valid indices written, bad ones skipped, the rest zero");

        using var gradOutput = engine.Upload<float>([.. Enumerable.Range(1, 16).Select(i => (float)i)], unpooled);
        using var gradInput = Poison.Values(engine, pooled);
        UnpoolBackward(engine, spatialRank, gradOutput, indices, gradInput, stream);
        stream.Synchronize();
        Assert.That(gradInput.ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 16 }).AsCollection, "bad indices get no gradient");
    }

    [Test]
    public void TheLastOfDuplicateIndicesWinsAndBackwardGivesEachItsGradient()
    {
        var engine = TestEngine.Instance;
        using var input = engine.Upload<float>([1, 2, 3, 4], Pooled);
        using var indices = engine.Upload<long>([5, 5, 5, 5], Pooled);
        using var output = engine.MaxUnpool(input, indices, Options);
        var expected = new float[16];
        expected[5] = 4;
        Assert.That(output.ToArray(), Is.EqualTo(expected).AsCollection, "PyTorch 1.13's CPU result for these indices");

        using var gradOutput = engine.Upload<float>([.. Enumerable.Range(0, 16).Select(i => (float)i)], Pooled.WithSpatial(4, 4));
        using var gradInput = Poison.Values(engine, Pooled);
        engine.MaxUnpoolBackward(gradOutput, indices, Options, gradInput);
        Assert.That(gradInput.ToArray(), Is.All.EqualTo(5f), "PyTorch's autograd gathers at every duplicate");
    }

    private static void Unpool(PoolingEngine engine, int spatialRank, DeviceTensor<float> input, DeviceTensor<long> indices, DeviceTensor<float> output, AcceleratorStream stream)
    {
        switch (spatialRank)
        {
            case 1:
                engine.MaxUnpool(input, indices, new MaxUnpool1dOptions(4), output, stream);
                break;
            case 2:
                engine.MaxUnpool(input, indices, Options, output, stream);
                break;
            default:
                engine.MaxUnpool(input, indices, new MaxUnpool3dOptions((1, 2, 2)), output, stream);
                break;
        }
    }

    private static void UnpoolBackward(PoolingEngine engine, int spatialRank, DeviceTensor<float> gradOutput, DeviceTensor<long> indices, DeviceTensor<float> gradInput, AcceleratorStream stream)
    {
        switch (spatialRank)
        {
            case 1:
                engine.MaxUnpoolBackward(gradOutput, indices, new MaxUnpool1dOptions(4), gradInput, stream);
                break;
            case 2:
                engine.MaxUnpoolBackward(gradOutput, indices, Options, gradInput, stream);
                break;
            default:
                engine.MaxUnpoolBackward(gradOutput, indices, new MaxUnpool3dOptions((1, 2, 2)), gradInput, stream);
                break;
        }
    }
}
