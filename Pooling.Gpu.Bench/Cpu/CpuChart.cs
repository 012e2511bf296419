using System.Globalization;
using Pooling.Gpu.Bench.Report;
using ScottPlot;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// The chart of a <see cref="CpuRun"/>, one row per workload in the table's order. Left: each
/// peer's time over ours on a log scale (right of the line, ours is faster). Right: the share of
/// the copy bandwidth that each contender reaches on our compulsory bytes (copy ms / its ms).
/// </summary>
internal static class CpuChart
{
    // Room for three bars of height 1 per row, and a gap.
    private const double RowHeight = 4;

    private static readonly Color Onnx = Color.FromHex("#9467bd");

    internal static void Save(CpuRun run, string path)
    {
        var rows = run.Rows;
        double[] positions = BarPanels.Positions(rows.Count, RowHeight);
        var (multiplot, speed, share) = BarPanels.Create();

        var ratios = rows.SelectMany((r, i) => new[]
        {
            (Position: positions[i] + 0.5, Ratio: (double?)r.TorchRatio, Color: BarPanels.Torch),
            (Position: positions[i] - 0.5, Ratio: r.OnnxRatio, Color: Onnx),
        }).Where(b => b.Ratio is > 0).ToArray();
        BarPanels.AddBars(speed, ratios.Select(b => BarPanels.Bar(b.Position, Math.Log10(b.Ratio!.Value), b.Color, $"{Numbers.ThreeDigits(b.Ratio.Value)}x")));
        BarPanels.Line(speed, 0);
        double low = Math.Floor(Math.Min(-1, ratios.Select(b => Math.Log10(b.Ratio!.Value)).DefaultIfEmpty(0).Min()));
        double high = Math.Ceiling(Math.Max(1, ratios.Select(b => Math.Log10(b.Ratio!.Value)).DefaultIfEmpty(0).Max()));
        speed.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range((int)low, (int)(high - low) + 1).Select(k => new Tick(k, Math.Pow(10, k).ToString("0.##########x", CultureInfo.InvariantCulture)))]);
        speed.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((r, i) => new Tick(positions[i], $"{r.Workload} {r.Op}"))]);
        speed.Title($"{run.Machine.Cpu}, {run.Threads} threads: peer time / our time");
        speed.XLabel("log scale (right of 1x: ours is faster)");
        // Room left of the lowest bar for its label.
        speed.Axes.SetLimitsX(low - 0.8, high + 0.3);
        speed.Legend.ManualItems.Add(new LegendItem { LabelText = $"PyTorch {run.Machine.Torch}", FillColor = BarPanels.Torch });
        speed.Legend.ManualItems.Add(new LegendItem { LabelText = $"ONNX Runtime {run.Machine.OnnxRuntime ?? "(absent)"}", FillColor = Onnx });
        speed.ShowLegend(Edge.Bottom);

        var shares = rows.SelectMany((r, i) => r.Copy is not { } copy ? [] : new[]
        {
            BarPanels.Bar(positions[i] + 1, 100 * copy.MedianMs / r.Ours.MedianMs, BarPanels.Ours, ""),
            BarPanels.Bar(positions[i], 100 * copy.MedianMs / r.Torch.MedianMs, BarPanels.Torch, ""),
            BarPanels.Bar(positions[i] - 1, r.Onnx is { } onnx ? 100 * copy.MedianMs / onnx.MedianMs : 0, Onnx, ""),
        }).ToArray();
        BarPanels.AddBars(share, shares);
        BarPanels.Line(share, 100);
        share.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions.Select(p => new Tick(p, ""))]);
        share.Title("Share of the copy bandwidth");
        share.XLabel("% of a copy of our compulsory bytes");
        share.Axes.SetLimitsX(0, Math.Max(110, shares.Select(b => b.Value).DefaultIfEmpty(0).Max() * 1.05));
        share.Legend.ManualItems.Add(new LegendItem { LabelText = "Pooling.Gpu", FillColor = BarPanels.Ours });
        share.Legend.ManualItems.Add(new LegendItem { LabelText = "PyTorch", FillColor = BarPanels.Torch });
        share.Legend.ManualItems.Add(new LegendItem { LabelText = "ONNX Runtime", FillColor = Onnx });
        share.ShowLegend(Edge.Bottom);

        BarPanels.FitRows(rows.Count, RowHeight, speed, share);
        multiplot.SavePng(path, 1800, 200 + (rows.Count * 48));
    }
}
