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

    private static readonly Color Ours = Color.FromHex("#1f77b4");
    private static readonly Color Torch = Color.FromHex("#ff7f0e");
    private static readonly Color Faster = Color.FromHex("#2ca02c");
    private static readonly Color Slower = Color.FromHex("#d62728");

    internal static void Save(Comparison comparison, string path)
    {
        var rows = comparison.Rows.Where(r => r is { Speedup: not null, OurCopyPercent: not null, TorchCopyPercent: not null }).ToArray();

        // The first row at the top.
        double[] positions = [.. rows.Select((_, i) => (rows.Length - 1 - i) * RowHeight)];
        var multiplot = new Multiplot();
        var (speed, share) = (multiplot.GetPlot(0), multiplot.AddPlot());

        // The speedup panel also holds the row labels: it gets three fifths of the width.
        var layout = new ScottPlot.MultiplotLayouts.CustomGrid();
        layout.Set(speed, new GridCell(0, 0, 1, 5, 1, 3));
        layout.Set(share, new GridCell(0, 3, 1, 5, 1, 2));
        multiplot.Layout = layout;

        AddBars(speed, rows.Select((r, i) => Bar(positions[i], r.Speedup!.Value, r.Speedup >= 1 ? Faster : Slower, $"{r.Speedup:F2}x")));
        Line(speed, 1);
        speed.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((r, i) => new Tick(positions[i], $"{r.Workload} {r.Op} {r.Dtype}"))]);
        speed.Title($"{comparison.Device.Name}: speedup over PyTorch (PyTorch ms / our ms)");
        speed.XLabel("x (above 1: ours is faster)");
        speed.Axes.SetLimitsX(0, Math.Max(1.2, rows.Select(r => r.Speedup!.Value).DefaultIfEmpty(0).Max() * 1.15));

        AddBars(share, rows.SelectMany((r, i) => new[]
        {
            Bar(positions[i] + 0.5, r.OurCopyPercent!.Value, Ours, ""),
            Bar(positions[i] - 0.5, r.TorchCopyPercent!.Value, Torch, ""),
        }));
        Line(share, 100);
        share.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions.Select(p => new Tick(p, ""))]);
        share.Title("Share of the copy bandwidth");
        share.XLabel("% of a device-to-device copy of the same bytes");
        // Room right of 100% for the legend, which no memory-bound bar should reach.
        share.Axes.SetLimitsX(0, Math.Max(135, rows.SelectMany(r => new[] { r.OurCopyPercent!.Value, r.TorchCopyPercent!.Value }).DefaultIfEmpty(0).Max() * 1.05));
        share.Legend.ManualItems.Add(new LegendItem { LabelText = "Pooling.Gpu", FillColor = Ours });
        share.Legend.ManualItems.Add(new LegendItem { LabelText = $"PyTorch {comparison.TorchVersion}", FillColor = Torch });
        share.Legend.Alignment = Alignment.LowerRight;
        share.ShowLegend();

        foreach (var plot in new[] { speed, share })
        {
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.SetLimitsY(-RowHeight / 2, Math.Max(1, rows.Length) * RowHeight - (RowHeight / 2));
        }

        multiplot.SavePng(path, 1800, 120 + (rows.Length * 36));
    }

    internal static void AddBars(Plot plot, IEnumerable<Bar> bars) => plot.Add.Bars(bars.ToList()).Horizontal = true;

    internal static void Line(Plot plot, double x)
    {
        var line = plot.Add.VerticalLine(x);
        line.LineColor = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
    }

    internal static Bar Bar(double position, double value, Color color, string label) =>
        new() { Position = position, Value = value, FillColor = color, Size = 1, Label = label };
}
