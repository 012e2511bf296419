using NUnit.Framework;
using Pooling.Gpu.Samples;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The bench's training sample (Pooling.Gpu.Bench/Samples): SGD lowers its loss, and its
/// gradients, through the linear kernels and both pooling layers, match central finite
/// differences of a float64 forward pass.
/// </summary>
public sealed class TrainingSampleTests
{
    private const int Classes = 3;
    private static readonly TensorShape Maps = new(2, 4, 6, 6);

    [Test]
    public void SgdStepsLowerTheLoss()
    {
        var batch = FeatureBatch.Random(Maps, Classes, seed: 5);
        using var maps = TestEngine.Instance.Upload<float>(batch.Maps, Maps);
        using var head = new ClassifierHead(TestEngine.Instance, (int)Maps.N, (int)Maps.C, Classes, seed: 6);
        var losses = Enumerable.Range(0, 5).Select(_ => head.TrainStep(maps, batch.Labels, 0.2f)).ToArray();
        Assert.That(losses, Is.Ordered.Descending.And.Unique, "the loss of each step is below the last");
    }

    [Test]
    public void GradientsMatchFiniteDifferences()
    {
        var batch = FeatureBatch.Random(Maps, Classes, seed: 8);
        using var maps = TestEngine.Instance.Upload<float>(batch.Maps, Maps);
        using var head = new ClassifierHead(TestEngine.Instance, (int)Maps.N, (int)Maps.C, Classes, seed: 9);
        double loss = head.Forward(maps, batch.Labels);
        var gradMaps = head.Backward();
        head.Synchronize();

        var weights = head.Weights.Select(w => (double)w).ToArray();
        var bias = head.Bias.Select(b => (double)b).ToArray();
        var (x, labels) = (batch.Maps, batch.Labels);
        Assert.That(loss, Is.EqualTo(Loss(x, weights, bias, labels)).Within(1e-5), "the loss");
        Assert.Multiple(() =>
        {
            ExpectClose(gradMaps.ToArray(), CentralDifferences(x, 1e-3f, m => Loss(m, weights, bias, labels)), "d loss / d maps");
            ExpectClose(head.GradWeights, CentralDifferences(weights, 1e-4, w => Loss(x, w, bias, labels)), "d loss / d weights");
            ExpectClose(head.GradBias, CentralDifferences(bias, 1e-4, b => Loss(x, weights, b, labels)), "d loss / d bias");
        });
    }

    /// <summary>The head's loss in float64: max pool 3x3 s2 p1 (the float64 reference), plane means, linear, softmax cross-entropy.</summary>
    private static double Loss(float[] maps, double[] weights, double[] bias, int[] labels)
    {
        var pooled = ReferencePooling.Max(maps, ReferencePooling.MaxPool2d(Maps, 3, 2, 1, 1, false), Maps);
        int channels = (int)Maps.C;
        var features = pooled.Values.Chunk((int)pooled.Shape.PlaneLength).Select(plane => plane.Average()).ToArray();
        double total = 0;
        for (int n = 0; n < labels.Length; n++)
        {
            var logits = Enumerable.Range(0, Classes)
                .Select(k => bias[k] + Enumerable.Range(0, channels).Sum(c => weights[(k * channels) + c] * features[(n * channels) + c]))
                .ToArray();
            double max = logits.Max();
            total += Math.Log(logits.Sum(z => Math.Exp(z - max))) + max - logits[labels[n]];
        }

        return total / labels.Length;
    }

    /// <summary>d loss / d values[i] for every i: (loss at +h minus loss at -h) over the exact step between the two nudged values.</summary>
    private static double[] CentralDifferences<T>(T[] values, T h, Func<T[], double> loss)
        where T : System.Numerics.INumber<T>
    {
        var gradient = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var plus = (T[])values.Clone();
            var minus = (T[])values.Clone();
            plus[i] += h;
            minus[i] -= h;
            gradient[i] = (loss(plus) - loss(minus)) / (double.CreateChecked(plus[i]) - double.CreateChecked(minus[i]));
        }

        return gradient;
    }

    /// <summary>Each entry within 1e-3 of the largest finite difference (float32 kernels against float64 differences).</summary>
    private static void ExpectClose(float[] actual, double[] expected, string what)
    {
        double tolerance = 1e-3 * expected.Max(Math.Abs);
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: length");
        var wrong = Enumerable.Range(0, actual.Length).Where(i => Math.Abs(actual[i] - expected[i]) > tolerance).ToArray();
        Assert.That(wrong, Is.Empty, $"{what}: entries off by more than {tolerance:E1}, e.g. [{wrong.FirstOrDefault()}] = {actual.ElementAtOrDefault(wrong.FirstOrDefault())} vs {expected.ElementAtOrDefault(wrong.FirstOrDefault())}");
    }
}
