using System.CommandLine;
using System.Globalization;
using Pooling.Gpu.Samples;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The sample: a few SGD steps of a classifier head (max pool, global average pool, a linear
/// layer in plain ILGPU kernels, softmax cross-entropy) on random feature maps, printing the
/// loss before and after. It exits with 1 if the loss did not go down.
/// </summary>
internal static class SampleCommand
{
    private const int Classes = 4;
    private const float LearningRate = 0.2f;
    private static readonly TensorShape Maps = new(8, 16, 12, 12);

    internal static Command Create()
    {
        var steps = Cli.Positive<int>("--steps", "SGD steps");
        steps.DefaultValueFactory = _ => 10;
        var command = new Command("sample", "Trains a small CNN head (pools, a plain ILGPU linear layer, loss) for a few SGD steps and prints the loss.") { steps };
        command.SetAction(result => Run(result.GetValue(steps)));
        return command;
    }

    private static int Run(int steps)
    {
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

    private static string Format(double loss) => loss.ToString("F4", CultureInfo.InvariantCulture);
}
