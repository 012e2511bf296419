using ScottPlot;

namespace Pooling.Gpu.Bench.Report;

/// <summary>
/// What the bench's charts share: two panels of horizontal bars side by side, one row per table
/// row with the first at the top, the left panel holding the row labels; their bars, lines and
/// colours.
/// </summary>
internal static class BarPanels
{
    internal static readonly Color Ours = Color.FromHex("#1f77b4");
    internal static readonly Color Torch = Color.FromHex("#ff7f0e");

    /// <summary>The two panels: the left one, which also holds the row labels, gets three fifths of the width.</summary>
    internal static (Multiplot Multiplot, Plot Left, Plot Right) Create()
    {
        var multiplot = new Multiplot();
        var (left, right) = (multiplot.GetPlot(0), multiplot.AddPlot());
        var layout = new ScottPlot.MultiplotLayouts.CustomGrid();
        layout.Set(left, new GridCell(0, 0, 1, 5, 1, 3));
        layout.Set(right, new GridCell(0, 3, 1, 5, 1, 2));
        multiplot.Layout = layout;
        return (multiplot, left, right);
    }

    /// <summary>The position of each of <paramref name="rows"/> rows, <paramref name="rowHeight"/> apart, the first at the top.</summary>
    internal static double[] Positions(int rows, double rowHeight) => [.. Enumerable.Range(0, rows).Select(i => (rows - 1 - i) * rowHeight)];

    /// <summary>Both panels' row axes fitted to the rows, without tick marks.</summary>
    internal static void FitRows(int rows, double rowHeight, params Plot[] plots)
    {
        foreach (var plot in plots)
        {
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.SetLimitsY(-rowHeight / 2, Math.Max(1, rows) * rowHeight - (rowHeight / 2));
        }
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
