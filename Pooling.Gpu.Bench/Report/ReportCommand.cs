using System.Text;
using Pooling.Gpu.Bench.Compare;

namespace Pooling.Gpu.Bench.Report;

/// <summary>
/// The <c>report</c> command: merges compare's ours.json and torch_bench.py's torch.json of one
/// GPU run into &lt;date&gt;-&lt;gpu&gt;.json, .md (one table row per op) and .png (the chart), in
/// bench/results/ unless told otherwise. Run it on the ordinary machine, after the GPU run.
/// </summary>
internal static class ReportCommand
{
    internal const string DefaultFolder = "bench/results";

    internal static int Run(string[] args)
    {
        var (input, output) = Parse(args);
        var ours = CompareFiles.Read<OurRun>(Path.Combine(input, "ours.json"));
        var torch = CompareFiles.Read<TorchRun>(Path.Combine(input, "torch.json"));
        if (ours.Scale != torch.Scale)
        {
            throw new InvalidDataException($"ours.json ran the {ours.Scale} shapes, torch.json the {torch.Scale} ones: they are not one run.");
        }

        var comparison = Comparison.Of(ours, torch);
        Directory.CreateDirectory(output);
        string name = $"{ours.Date[..10]}-{Slug(ours.Device.Name)}";
        string chart = name + ".png";
        CompareFiles.Write(Path.Combine(output, name + ".json"), comparison);
        string markdown = ReportMarkdown.Render(comparison, chart);
        File.WriteAllText(Path.Combine(output, name + ".md"), markdown);
        ReportChart.Save(comparison, Path.Combine(output, chart));
        Console.Write(markdown);
        Console.WriteLine($"\nWrote {name}.json, .md and .png to {output}.");
        return 0;
    }

    private static (string Input, string Output) Parse(string[] args)
    {
        string input = CompareCommand.DefaultFolder;
        string output = DefaultFolder;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--in" when i + 1 < args.Length:
                    input = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    throw new UsageException($"report takes [--in DIR] [--out DIR], not '{string.Join(' ', args)}'.");
            }
        }

        return (input, output);
    }

    /// <summary>A file-name part from a device name: "NVIDIA H100 80GB HBM3" gives "nvidia-h100-80gb-hbm3".</summary>
    internal static string Slug(string device)
    {
        var slug = new StringBuilder();
        foreach (char c in device.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
