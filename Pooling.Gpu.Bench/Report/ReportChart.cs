using ScottPlot;

namespace Pooling.Gpu.Bench.Report;

/// <summary>
/// The chart of a <see cref="Comparison"/>, one row per op that both sides ran, in the table's
/// order. Left: the speedup over PyTorch, green where ours is faster, red where slower (the line
/// marks parity). Right: the share of the copy bandwidth that ours and PyTorch reach on their own
/// compulsory bytes (the line marks 100%, the limit of a memory-bound op).
/// </summary>
internal static class ReportChart
{
    private const double RowHeight = 3;

    private static readonly Color Faster = Color.FromHex("#2ca02c");
    private static readonly Color Slower = Color.FromHex("#d62728");

    internal static void Save(Comparison comparison, string path)
    {
        var rows = comparison.Rows.Where(r => r is { Speedup: not null, OurCopyPercent: not null, TorchCopyPercent: not null }).ToArray();

        double[] positions = BarPanels.Positions(rows.Length, RowHeight);
        var (multiplot, speed, share) = BarPanels.Create();

        BarPanels.AddBars(speed, rows.Select((r, i) => BarPanels.Bar(positions[i], r.Speedup!.Value, r.Speedup >= 1 ? Faster : Slower, $"{r.Speedup:F2}x")));
        BarPanels.Line(speed, 1);
        speed.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((r, i) => new Tick(positions[i], $"{r.Workload} {r.Op} {r.Dtype}"))]);
        speed.Title($"{comparison.Device.Name}: speedup over PyTorch (PyTorch ms / our ms)");
        speed.XLabel("x (above 1: ours is faster)");
        speed.Axes.SetLimitsX(0, Math.Max(1.2, rows.Select(r => r.Speedup!.Value).DefaultIfEmpty(0).Max() * 1.15));

        BarPanels.AddBars(share, rows.SelectMany((r, i) => new[]
        {
            BarPanels.Bar(positions[i] + 0.5, r.OurCopyPercent!.Value, BarPanels.Ours, ""),
            BarPanels.Bar(positions[i] - 0.5, r.TorchCopyPercent!.Value, BarPanels.Torch, ""),
        }));
        BarPanels.Line(share, 100);
        share.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions.Select(p => new Tick(p, ""))]);
        share.Title("Share of the copy bandwidth");
        share.XLabel("% of a device-to-device copy of the same bytes");
        // Room right of 100% for the legend, which no memory-bound bar should reach.
        share.Axes.SetLimitsX(0, Math.Max(135, rows.SelectMany(r => new[] { r.OurCopyPercent!.Value, r.TorchCopyPercent!.Value }).DefaultIfEmpty(0).Max() * 1.05));
        share.Legend.ManualItems.Add(new LegendItem { LabelText = "Pooling.Gpu", FillColor = BarPanels.Ours });
        share.Legend.ManualItems.Add(new LegendItem { LabelText = $"PyTorch {comparison.TorchVersion}", FillColor = BarPanels.Torch });
        share.Legend.Alignment = Alignment.LowerRight;
        share.ShowLegend();

        BarPanels.FitRows(rows.Length, RowHeight, speed, share);
        multiplot.SavePng(path, 1800, 120 + (rows.Length * 36));
    }
}
