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
    public void TheTrainingExampleGivesTheReferenceGradient()
    {
        var (image, upstream, features, gradImage) = ReadmeExample.Train();
        var shape = new TensorShape(2, 3, 8, 8);
        var maxWindows = ReferencePooling.MaxPool2d(shape, 3, 2, 1, 1, false);
        var pooled = ReferencePooling.Max(image, maxWindows, shape);
        var pooledValues = pooled.Values.Select(v => (float)v).ToArray();
        var mean = ReferencePooling.Average(pooledValues, ReferencePooling.Global(pooled.Shape), pooled.Shape);
        Expect.CloseAverages(features, mean.Values, mean.Magnitudes, "features");

        var gradPooled = ReferencePooling.AverageBackward(upstream, ReferencePooling.Global(pooled.Shape), pooled.Shape);
        var expected = ReferencePooling.MaxBackward(gradPooled.Values.Select(v => (float)v).ToArray(), pooled.Indices, shape, pooled.Shape);
        Expect.CloseAverages(gradImage, expected.Values, expected.Magnitudes, "gradient of the image");
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
        string[] expected = TestEngine.Instance.Dispatch.OnHost ? ["AcceleratorSelected"] : ["AcceleratorSelected", "KernelLoaded"];
        Assert.That(logger.Entries.Select(e => e.EventId.Name), Is.EqualTo(expected).AsCollection, "the host path loads no kernel");
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
