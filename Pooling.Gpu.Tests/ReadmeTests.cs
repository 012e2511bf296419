using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The README's usage example compiles (it is <see cref="ReadmeExample"/>), runs, and is right.</summary>
public sealed class ReadmeTests
{

    [Test]
    public void TheExampleGivesTheReferenceResults()
    {
        var (image, pooled, indices, means, pooledOnStream) = ReadmeExample.Run();
        var shape = new TensorShape(1, 3, 8, 8);
        var max = ReferencePooling.Max(image, ReferencePooling.MaxPool2d(shape, 3, 2, 1, 1, false), shape);
        Expect.ExactMax(pooled, indices, max.Values, max.Indices, "README max pool");
        Expect.ExactMax(pooledOnStream, null, max.Values, max.Indices, "README max pool on a stream");
        var mean = ReferencePooling.Average(image, ReferencePooling.Global(shape), shape);
        Expect.CloseAverages(means, mean.Values, mean.Magnitudes, "README means");
    }

    [Test]
    public void TheTrainingExamplePrintsTheReferenceLossesAndGradients()
    {
        var lines = ReadmeExample.Train().ReplaceLineEndings().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var losses = Printed(lines, "loss: ");
        var gradients = Printed(lines, "gradient: ");
        Assert.That(losses, Has.Count.EqualTo(3).And.Count.EqualTo(gradients.Count), "one loss and one gradient per step");
        var shape = new TensorShape(2, 3, 8, 8);
        for (int step = 0; step < losses.Count; step++)
        {
            var x = Enumerable.Range(0, (int)shape.Length).Select(i => MathF.Cos(i + step)).ToArray();
            var once = ReferencePooling.Max(x, ReferencePooling.MaxPool2d(shape, 2, 2, 0, 1, false), shape);
            var onceValues = once.Values.Select(v => (float)v).ToArray();
            var twice = ReferencePooling.Max(onceValues, ReferencePooling.MaxPool2d(once.Shape, 2, 2, 0, 1, false), once.Shape);
            var twiceValues = twice.Values.Select(v => (float)v).ToArray();
            var features = ReferencePooling.Average(twiceValues, ReferencePooling.Global(twice.Shape), twice.Shape);
            var f = features.Values.Select(v => (float)v).ToArray();
            double loss = 0.5 * f.Sum(v => (double)v * v);
            Assert.That(losses[step].Single(), Is.EqualTo(loss).Within(Expect.AverageTolerance * loss), $"loss of step {step}");

            var gradTwice = ReferencePooling.AverageBackward(f, ReferencePooling.Global(twice.Shape), twice.Shape);
            var gradOnce = ReferencePooling.MaxBackward(gradTwice.Values.Select(v => (float)v).ToArray(), twice.Indices, once.Shape, twice.Shape);
            var gradX = ReferencePooling.MaxBackward(gradOnce.Values.Select(v => (float)v).ToArray(), once.Indices, shape, once.Shape);
            Expect.CloseAverages([.. gradients[step].Select(v => (float)v)], gradX.Values, gradX.Magnitudes, $"gradient of step {step}");
        }
    }

    [Test]
    public void TheInteropExampleWritesIntoTheProgramsBuffer()
    {
        var (images, pooled) = ReadmeExample.Interop();
        var shape = new TensorShape(2, 16, 32, 32);
        Assert.That(images, Is.EqualTo(Enumerable.Range(0, images.Length).Select(i => (i * 37 % 101) - 50f)).AsCollection, "the program's own kernel ran");
        var max = ReferencePooling.Max(images, ReferencePooling.MaxPool2d(shape, 2, 2, 0, 1, false), shape);
        Expect.ExactMax(pooled, null, max.Values, max.Indices, "README interop max pool");
    }

    [Test]
    public void TheDiagnosticsExampleLogsTheChoiceAndOneKernelLoad()
    {
        var logger = new RecordingLogger();
        ReadmeExample.Diagnostics(logger);
        Assert.That(logger.Entries.Select(e => e.EventId.Name), Is.EqualTo(new[] { "AcceleratorSelected", "KernelLoaded" }).AsCollection);
    }

    [Test]
    public void TheReadmesShowTheExamplesAsTested(
        [Values("README.md", "Pooling.Gpu/README.md")] string readmePath,
        [Values("README example", "README training example", "README interop example", "README diagnostics example")] string marker)
    {
        var root = SourceTree.Root;
        if (root is null)
        {
            Assert.Ignore("No source tree here (a published test bundle): the READMEs are not beside the tests.");
        }

        var tested = Lines(File.ReadAllText(Path.Combine(root, "Pooling.Gpu.Tests", "ReadmeExample.cs")), $"// {marker} begins", $"// {marker} ends");
        var readme = File.ReadAllText(Path.Combine(root, readmePath));
        Assert.That(readme.ReplaceLineEndings(), Does.Contain(string.Join(Environment.NewLine, tested)), $"{readmePath}'s block differs from ReadmeExample.cs");
    }

    /// <summary>The numbers printed after <paramref name="label"/>, a list per line.</summary>
    private static List<double[]> Printed(string[] lines, string label) =>
        [.. lines.Where(l => l.StartsWith(label, StringComparison.Ordinal))
            .Select(l => l[label.Length..].Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())];

    /// <summary>The lines between the markers, without the method's indentation.</summary>
    private static IEnumerable<string> Lines(string source, string begin, string end)
    {
        var lines = source.ReplaceLineEndings().Split(Environment.NewLine);
        int first = Array.FindIndex(lines, l => l.Trim() == begin) + 1;
        int last = Array.FindIndex(lines, l => l.Trim() == end);
        int indent = lines[first].Length - lines[first].TrimStart().Length;
        return lines[first..last].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());
    }
}
