using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every C# block of README.md and the package's README, pasted as Program.cs into a console app
/// of its own (net10.0, implicit usings and nullable references as <c>dotnet new console</c> makes
/// it, and warnings as errors) that references the library's project, builds and runs to exit
/// code 0. The examples print their results, which are checked against the float64 reference,
/// and a block that a README follows with a text block prints that text. The apps are built as
/// one solution in a temporary folder, with build outputs of their own (the source tree's bin/
/// and obj/ stay untouched). Needs the .NET SDK and the source tree: skipped in a published test
/// bundle.
/// </summary>
public sealed partial class ReadmeBlockTests
{
    private static readonly (string Path, string Name)[] Readmes = [("README.md", "readme"), ("Pooling.Gpu/README.md", "package-readme")];

    private DirectoryInfo? work;
    private List<BlockRun> runs = [];

    [OneTimeSetUp]
    public async Task BuildAndRunEveryBlock()
    {
        var (dotnet, root) = await DotnetCli.ForSourceTreeAsync("Building the README blocks");
        work = Directory.CreateTempSubdirectory("pooling-gpu-readme-");
        var apps = Readmes
            .SelectMany(readme => ReadmeBlock.Read(root, readme.Path).Select(block => (block, app: $"{readme.Name}-{block.Line}")))
            .GroupBy(b => b.block.Code)
            .Select(same => new BlockRun(same.First().app, [.. same.Select(b => b.block)]))
            .ToList();
        foreach (var app in apps)
        {
            var folder = Directory.CreateDirectory(Path.Combine(work.FullName, app.App)).FullName;
            File.WriteAllText(Path.Combine(folder, "Program.cs"), app.Blocks[0].Code);
            File.WriteAllText(Path.Combine(folder, $"{app.App}.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(root, "Pooling.Gpu", "Pooling.Gpu.csproj")}" />
                  </ItemGroup>
                </Project>
                """);
        }

        File.WriteAllText(
            Path.Combine(work.FullName, "blocks.slnx"),
            $"<Solution>\n{string.Concat(apps.Select(a => $"  <Project Path=\"{a.App}/{a.App}.csproj\" />\n"))}</Solution>\n");

        var clock = Stopwatch.StartNew();
        string artifacts = Path.Combine(work.FullName, "artifacts");
        await dotnet.RunAsync(work.FullName, ["build", "blocks.slnx", "--artifacts-path", artifacts, "-v", "q"]);
        var built = clock.Elapsed;

        // As a user runs them: the engine picks its accelerator by itself; numbers print in the invariant culture for the checks.
        var environment = new Dictionary<string, string?>
        {
            [PoolingEngineOptions.EnvironmentVariable] = null,
            [PoolingEngineOptions.CudaInstructionSetVariable] = null,
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        };
        await Task.WhenAll(apps.Select(async app =>
            (app.ExitCode, app.Output) = await dotnet.TryRunAsync(work.FullName, [Path.Combine(artifacts, "bin", app.App, "debug", $"{app.App}.dll")], environment)));
        runs = apps;
        TestContext.Progress.WriteLine(
            $"README blocks: {apps.Sum(a => a.Blocks.Length)} blocks, {apps.Count} distinct: built in {built.TotalSeconds:F1} s, run in {(clock.Elapsed - built).TotalSeconds:F1} s");
    }

    [OneTimeTearDown]
    public void RemoveTheApps() => work?.Delete(recursive: true);

    [Test]
    public void EveryBlockRunsToItsEnd()
    {
        Assert.That(runs, Is.Not.Empty, "the READMEs have no C# block");
        Assert.Multiple(() =>
        {
            foreach (var run in runs)
            {
                Assert.That(run.ExitCode, Is.Zero, $"{run} exited with {run.ExitCode}:\n{run.Output}");
            }
        });
    }

    [Test]
    public void EachBlockPrintsTheOutputItsReadmeShows()
    {
        var shown = runs.SelectMany(run => run.Blocks.Where(b => b.ShownOutput is not null).Select(block => (run, block))).ToList();
        Assert.That(shown, Is.Not.Empty, "no block is followed by the output it prints");
        foreach (var (run, block) in shown)
        {
            if (block.ShownOutput!.Contains(CpuChoice) && !run.Output.Contains(CpuChoice))
            {
                Assert.Ignore($"{block} shows the output on a machine without a GPU; this one has one:\n{run.Output}");
            }

            Assert.That(Lines(run.Output), Is.EqualTo(Lines(block.ShownOutput)).AsCollection, $"{block}: what it prints, times aside");
        }
    }

    [Test]
    public void TheUsageExampleGivesTheReferenceResults()
    {
        var shape = new TensorShape(1, 3, 8, 8);
        float[] image = [.. Enumerable.Range(0, 3 * 8 * 8).Select(i => MathF.Sin(i))];
        var max = ReferencePooling.Max(image, ReferencePooling.MaxPool2d(shape, 3, 2, 1, 1, false), shape);
        var mean = ReferencePooling.Average(image, ReferencePooling.Global(shape), shape);
        foreach (var (run, printed) in Printing("means"))
        {
            Expect.ExactMax(printed.Floats("max").Single(), printed.Longs("indices").Single(), max.Values, max.Indices, $"{run}: max pool");
            Expect.CloseAverages(printed.Floats("means").Single(), mean.Values, mean.Magnitudes, $"{run}: means");
            Expect.ExactMax(printed.Floats("max on a stream").Single(), null, max.Values, max.Indices, $"{run}: max pool on a stream");
        }
    }

    [Test]
    public void TheTrainingExampleGivesTheReferenceLossesAndGradients()
    {
        // One 2x2 max pooling layer used twice, then global average pooling; loss = sum(f²) / 2.
        var shape = new TensorShape(2, 3, 8, 8);
        var once = ReferencePooling.MaxPool2d(shape, 2, 2, 0, 1, false);
        foreach (var (run, printed) in Printing("gradient"))
        {
            var losses = printed.Floats("loss");
            var gradients = printed.Floats("gradient");
            Assert.That(losses, Has.Count.EqualTo(3).And.Count.EqualTo(gradients.Count), $"{run}: one loss and one gradient per step");
            for (int step = 0; step < losses.Count; step++)
            {
                float[] image = [.. Enumerable.Range(0, (int)shape.Length).Select(i => MathF.Cos(i + step))];
                var first = ReferencePooling.Max(image, once, shape);
                float[] firstValues = [.. first.Values.Select(v => (float)v)];
                var second = ReferencePooling.Max(firstValues, ReferencePooling.MaxPool2d(first.Shape, 2, 2, 0, 1, false), first.Shape);
                float[] secondValues = [.. second.Values.Select(v => (float)v)];
                var features = ReferencePooling.Average(secondValues, ReferencePooling.Global(second.Shape), second.Shape);
                double loss = 0.5 * features.Values.Sum(f => f * f);
                Assert.That(losses[step].Single(), Is.EqualTo(loss).Within(Expect.AverageTolerance * loss), $"{run}: loss of step {step}");

                float[] gradFeatures = [.. features.Values.Select(f => (float)f)];
                var gradSecond = ReferencePooling.AverageBackward(gradFeatures, ReferencePooling.Global(second.Shape), second.Shape);
                var gradFirst = ReferencePooling.MaxBackward([.. gradSecond.Values.Select(v => (float)v)], second.Indices, first.Shape, second.Shape);
                var gradImage = ReferencePooling.MaxBackward([.. gradFirst.Values.Select(v => (float)v)], first.Indices, shape, first.Shape);
                Expect.CloseAverages(gradients[step], gradImage.Values, gradImage.Magnitudes, $"{run}: gradient of step {step}");
            }
        }
    }

    [Test]
    public void TheInteropExampleGivesTheReferenceResult()
    {
        var shape = new TensorShape(1, 4, 8, 8);
        float[] images = [.. Enumerable.Range(0, (int)shape.Length).Select(i => (i * 37 % 101) - 50f)];
        var max = ReferencePooling.Max(images, ReferencePooling.MaxPool2d(shape, 2, 2, 0, 1, false), shape);
        foreach (var (run, printed) in Printing("pooled"))
        {
            Expect.ExactMax(printed.Floats("pooled").Single(), null, max.Values, max.Indices, $"{run}: max pool");
        }
    }

    private const string CpuChoice = "automatic choice: CPU";

    /// <summary>The runs that print the label, with their printed values; fails when there are none.</summary>
    private List<(BlockRun Run, PrintedValues Printed)> Printing(string label)
    {
        var found = runs.Select(run => (run, printed: new PrintedValues(run.Output))).Where(r => r.printed.Has(label)).ToList();
        Assert.That(found, Is.Not.Empty, $"no README block prints '{label}: ...'");
        return found;
    }

    /// <summary>The lines, without trailing blanks, and with every time (<c>12.3 ms</c>) the same.</summary>
    private static string[] Lines(string text) =>
        [.. Time().Replace(text, "<t> ms").ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(l => l.TrimEnd())];

    [GeneratedRegex(@"\d+(\.\d+)? ms\b")]
    private static partial Regex Time();

    /// <summary>One app: the README blocks that paste it (the same code may be in both READMEs), and what it did.</summary>
    private sealed record BlockRun(string App, ReadmeBlock[] Blocks)
    {
        public int ExitCode { get; set; } = -1;

        public string Output { get; set; } = "";

        public override string ToString() => string.Join(" and ", Blocks.Select(b => b.ToString()));
    }
}
