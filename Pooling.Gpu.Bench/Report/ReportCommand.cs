using System.CommandLine;
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

    internal static Command Create()
    {
        var input = Cli.Folder("--in", "compare's folder, with ours.json and torch.json", CompareCommand.DefaultFolder);
        input.Validators.Add(result =>
        {
            string folder = result.GetValueOrDefault<string>();
            foreach (string file in new[] { "ours.json", "torch.json" }.Where(f => !File.Exists(Path.Combine(folder, f))))
            {
                result.AddError($"{folder} holds no {file}: --in names the folder of compare's and torch_bench.py's files.");
            }
        });
        var output = Cli.Folder("--out", "Where <date>-<gpu>.json, .md and .png go", DefaultFolder);
        var command = new Command("report", "Merges ours.json and torch.json of a GPU run into <date>-<gpu>.json, .md and .png.") { input, output };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!));
        return command;
    }

    private static int Run(string input, string output)
    {
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
