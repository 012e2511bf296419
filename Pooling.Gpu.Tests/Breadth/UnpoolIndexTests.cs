using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool2d's indices are data. Without a stream a bad one is refused before anything is
/// written (<see cref="BreadthRejectionTests"/>); with a stream nothing is checked, and a bad
/// index is skipped (forward) or gives a zero gradient (backward), never an out-of-bounds access.
/// Of several inputs with the same index the last one is kept, as on PyTorch's CPU.
/// </summary>
public sealed class UnpoolIndexTests
{
    private static readonly TensorShape Pooled = new(1, 1, 2, 2);
    private static readonly MaxUnpool2dOptions Options = new(2);

    [Test]
    public void OnAStreamBadIndicesAreSkipped()
    {
        var engine = TestEngine.Instance;
        using var stream = engine.Accelerator.CreateStream();
        using var input = engine.Upload<float>([1, 2, 3, 4], Pooled);
        using var indices = engine.Upload<long>([0, 99, -1, 15], Pooled);
        using var output = Poison.Values(engine, Pooled.WithSpatial(4, 4));
        engine.MaxUnpool2d(input, indices, Options, output, stream);
        stream.Synchronize();
        var expected = new float[16];
        expected[0] = 1;
        expected[15] = 4;
        Assert.That(output.ToArray(), Is.EqualTo(expected).AsCollection, "valid indices written, bad ones skipped, the rest zero");

        using var gradOutput = engine.Upload<float>([.. Enumerable.Range(1, 16).Select(i => (float)i)], Pooled.WithSpatial(4, 4));
        using var gradInput = Poison.Values(engine, Pooled);
        engine.MaxUnpool2dBackward(gradOutput, indices, Options, gradInput, stream);
        stream.Synchronize();
        Assert.That(gradInput.ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 16 }).AsCollection, "bad indices get no gradient");
    }

    [Test]
    public void TheLastOfDuplicateIndicesWinsAndBackwardGivesEachItsGradient()
    {
        var engine = TestEngine.Instance;
        using var input = engine.Upload<float>([1, 2, 3, 4], Pooled);
        using var indices = engine.Upload<long>([5, 5, 5, 5], Pooled);
        using var output = engine.MaxUnpool2d(input, indices, Options);
        var expected = new float[16];
        expected[5] = 4;
        Assert.That(output.ToArray(), Is.EqualTo(expected).AsCollection, "PyTorch 1.13's CPU result for these indices");

        using var gradOutput = engine.Upload<float>([.. Enumerable.Range(0, 16).Select(i => (float)i)], Pooled.WithSpatial(4, 4));
        using var gradInput = Poison.Values(engine, Pooled);
        engine.MaxUnpool2dBackward(gradOutput, indices, Options, gradInput);
        Assert.That(gradInput.ToArray(), Is.All.EqualTo(5f), "PyTorch's autograd gathers at every duplicate");
    }
}
