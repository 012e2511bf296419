using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every backward on the forward case grid, against the float64 reference; both index forms give
/// bitwise-identical gradients; every backward is deterministic (two runs, same bits).
/// </summary>
public sealed class BackwardReferenceTests
{
    private static IEnumerable<TestCaseData> Cases =>
        ForwardCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> MaxCases =>
        ForwardCases.All.Where(c => c.IsMax).Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void MatchesReference(ForwardCase c)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        var expected = c.ReferenceBackward(x, g);
        foreach (var form in c.IsMax ? new[] { IndexForm.Torch, IndexForm.Compact } : [IndexForm.Torch])
        {
            var actual = c.RunBackward(TestEngine.Instance, x, g, output, form);
            Expect.CloseAverages(actual, expected.Values, expected.Magnitudes, $"{c.Name} backward ({form} indices)");
        }
    }

    [TestCaseSource(nameof(MaxCases))]
    public void CompactAndTorchIndicesGiveTheSameBits(ForwardCase c)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        var torch = c.RunBackward(TestEngine.Instance, x, g, output, IndexForm.Torch);
        var compact = c.RunBackward(TestEngine.Instance, x, g, output, IndexForm.Compact);
        Assert.That(Bits(compact), Is.EqualTo(Bits(torch)).AsCollection);
    }

    [TestCaseSource(nameof(MaxCases))]
    public void CompactIndicesConvertToPyTorchsForm(ForwardCase c)
    {
        var engine = TestEngine.Instance;
        var x = c.Input();
        var expected = c.Reference(x);
        using var input = engine.Upload<float>(x, c.Shape);
        using var values = engine.Allocate<float>(expected.Shape);
        using var compact = c.ForwardCompact(engine, input, values);
        using var torch = Poison.Indices(engine, expected.Shape);
        engine.ToTorchIndices(compact, torch);
        Expect.ExactMax(values.ToArray(), torch.ToArray(), expected.Values, expected.Indices, c.Name + " (compact forward)");
        Assert.That(compact.BytesPerIndex, Is.EqualTo(WindowPositions(c, expected.Shape) <= 256 ? 1 : 4));
    }

    [TestCaseSource(nameof(Cases))]
    public void IsDeterministic(ForwardCase c)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var g = c.GradOutput(output);
        var form = c.IsMax ? IndexForm.Compact : IndexForm.Torch;
        var first = c.RunBackward(TestEngine.Instance, x, g, output, form);
        var second = c.RunBackward(TestEngine.Instance, x, g, output, form);
        Assert.That(Bits(second), Is.EqualTo(Bits(first)).AsCollection);
    }

    /// <summary>The most positions a window of the case can have, padding included.</summary>
    private static long WindowPositions(ForwardCase c, TensorShape output)
    {
        if (c.Op == PoolOp.MaxPool2d)
        {
            return (long)c.Max!.KernelSize.Height * c.Max.KernelSize.Width;
        }

        var windows = c.Windows();
        long rows = 0, cols = 0;
        for (long i = 0; i < output.H; i++)
        {
            rows = Math.Max(rows, windows.At(i, 0).Rows.Count);
        }

        for (long j = 0; j < output.W; j++)
        {
            cols = Math.Max(cols, windows.At(0, j).Cols.Count);
        }

        return rows * cols;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
