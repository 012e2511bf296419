using System.Globalization;
using Pooling.Gpu.Samples;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The sample: a few SGD steps of a classifier head (max pool, global average pool, a linear
/// layer in plain ILGPU kernels, softmax cross-entropy) on random feature maps, printing the
/// loss before and after. It exits with 1 if the loss did not go down.
/// </summary>
internal static class Sample
{
    private const int Classes = 4;
    private const float LearningRate = 0.2f;
    private static readonly TensorShape Maps = new(8, 16, 12, 12);

    /// <summary>Runs the sample; <paramref name="args"/> may hold <c>--steps N</c>.</summary>
    internal static int Run(string[] args)
    {
        int steps = ParseSteps(args);
        using var engine = new PoolingEngine();
        Console.WriteLine($"Pooling.Gpu sample: {steps} SGD steps of a classifier head on {engine.AcceleratorType} '{engine.DeviceName}'");
        Console.WriteLine($"Head:     maps {Maps} -> max pool 3x3 s2 p1 -> global avg pool -> linear {Maps.C} -> {Classes} (ILGPU kernels) -> softmax cross-entropy");

        var batch = FeatureBatch.Random(Maps, Classes, seed: 2024);
        using var maps = engine.Upload<float>(batch.Maps, Maps);
        using var head = new ClassifierHead(engine, (int)Maps.N, (int)Maps.C, Classes, seed: 7);
        double first = 0;
        for (int step = 0; step < steps; step++)
        {
            double loss = head.TrainStep(maps, batch.Labels, LearningRate);
            first = step == 0 ? loss : first;
            Console.WriteLine($"step {step + 1,3}: loss {Format(loss)}");
        }

        double last = head.Forward(maps, batch.Labels);
        Console.WriteLine($"Loss before: {Format(first)}, after {steps} steps: {Format(last)}");
        if (!(last < first))
        {
            Console.Error.WriteLine("The loss did not go down.");
            return 1;
        }

        return 0;
    }

    private static int ParseSteps(string[] args) => args switch
    {
        [] => 10,
        ["--steps", var text] when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 => n,
        ["--steps", ..] => throw new UsageException("--steps takes one positive whole number."),
        _ => throw new UsageException($"The sample does not know '{string.Join(' ', args)}'."),
    };

    private static string Format(double loss) => loss.ToString("F4", CultureInfo.InvariantCulture);
}
