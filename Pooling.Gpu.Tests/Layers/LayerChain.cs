using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>A layer used twice in a chain, <c>second(first(x))</c>: one step of it, and its float64 reference.</summary>
public static class LayerChain
{
    /// <summary>
    /// The float64 chain: the op on the input, the op on that output (rounded to float32, as the
    /// layer holds it), and backward through both from the gradient the cases give the output.
    /// </summary>
    public static (ReferenceResult Output, ReferenceGradient GradInput) Reference(LayerCase c, float[] x)
    {
        var once = c.Reference(x, c.Shape);
        var onceValues = Floats(once.Values);
        var twice = c.Reference(onceValues, once.Shape);
        var gradOnce = c.ReferenceBackward(onceValues, c.GradOutput(twice.Shape), once.Shape);
        return (twice, c.ReferenceBackward(x, Floats(gradOnce.Values), c.Shape));
    }

    /// <summary>
    /// One step of <c>second(first(x))</c> and its backward, in the layers' own tensors; the first
    /// output is read right after its forward call and again after both backward calls.
    /// </summary>
    public static Step Run(Layer<float> first, Layer<float> second, DeviceTensor<float> input, DeviceTensor<float> gradOutput)
    {
        var once = LayerCase.Forward(first, input, null);
        var onceValues = once.ToArray();
        var twice = LayerCase.Forward(second, once, null);
        var gradOnce = second.Backward(gradOutput);
        var gradOnceValues = gradOnce.ToArray();
        var gradInput = first.Backward(gradOnce);
        return new(onceValues, twice.ToArray(), gradOnceValues, gradInput.ToArray(), once.ToArray());
    }

    public static float[] Floats(double[] values) => [.. values.Select(v => (float)v)];

    public static double[] Doubles(float[] values) => [.. values.Select(v => (double)v)];

    /// <summary>What one chained step gave.</summary>
    public sealed record Step(float[] Once, float[] Twice, float[] GradOnce, float[] GradInput, float[] OnceAtTheEnd);
}
