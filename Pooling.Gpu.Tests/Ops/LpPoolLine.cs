namespace Pooling.Gpu.Tests;

/// <summary>lp_pool1d with kernel 2 over one line of six values, forward and backward (output gradient 1), for pinned edge cases.</summary>
internal static class LpPoolLine
{
    /// <summary>The (1, 1, 6) shape of the line.</summary>
    internal static TensorShape Shape { get; } = TensorShape.Of1d(1, 1, 6);

    /// <summary>The pooled line and the gradient of its sum, the gradient written into a poisoned buffer.</summary>
    internal static (float[] Output, float[] GradInput) Run(double p, float[] line)
    {
        var engine = TestEngine.Instance;
        var options = new LPPool1dOptions(p, 2);
        using var input = engine.Upload<float>(line, Shape);
        using var output = engine.LPPool(input, options);
        using var gradOutput = engine.Upload<float>([1, 1, 1], output.Shape);
        using var gradInput = Poison.Values(engine, Shape);
        engine.LPPoolBackward(gradOutput, input, output, options, gradInput);
        return (output.ToArray(), gradInput.ToArray());
    }
}
