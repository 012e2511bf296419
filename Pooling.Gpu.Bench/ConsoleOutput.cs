using Spectre.Console;

namespace Pooling.Gpu.Bench;

/// <summary>
/// The commands' tables and progress, with Spectre.Console. In a terminal, a progress bar names
/// the item at work and tables fit the window. Redirected to a file (CI's logs), Spectre writes
/// plain text: no colours or cursor moves; progress as "title: 27%" lines, at the start, past 25,
/// 50, 75 and 95%, and every 30 s without one of those; tables as wide as their cells, since a log
/// has no width to wrap at.
/// </summary>
internal static class ConsoleOutput
{
    private const int LogWidth = 4096;

    /// <summary>Sets the width of tables written to a file.</summary>
    internal static void Configure()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = LogWidth;
        }
    }

    /// <summary>A table column of text, aligned left.</summary>
    internal static TableColumn Text(string header) => new(new Text(header));

    /// <summary>A table column of numbers, aligned right.</summary>
    internal static TableColumn Number(string header) => new TableColumn(new Text(header)).RightAligned();

    /// <summary>Adds a row of plain cells (Spectre would read '[' in a string cell as markup).</summary>
    internal static void AddCells(this Table table, IEnumerable<string> cells) => table.AddRow(cells.Select(c => new Text(c)));

    /// <summary>Runs <paramref name="work"/> on each of <paramref name="items"/> under a progress bar titled <paramref name="title"/>.</summary>
    internal static void ForEach<T>(string title, IReadOnlyCollection<T> items, Func<T, string> name, Action<T> work) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: items.Count);
                foreach (var item in items)
                {
                    // Redirected, Spectre prints the description at each milestone: the title alone reads right there.
                    task.Description = Console.IsOutputRedirected ? Markup.Escape(title) : Markup.Escape($"{title}: {name(item)}");
                    work(item);
                    task.Increment(1);
                }
            });
}
