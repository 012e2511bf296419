using Pooling.Gpu.Bench.Compare;

namespace Pooling.Gpu.Bench.Report;

/// <summary>
/// What one engine switch did to one case: our time with it off (the case's own row) and on (the
/// row compare timed again with <see cref="EngineSwitch.Suffix"/>); Speedup is off over on (above
/// 1: the switch makes the case faster).
/// </summary>
internal sealed record SwitchEffect(EngineSwitch Switch, string Op, string Workload, string Dtype, double OffMs, double OnMs)
{
    /// <summary>Off over on: above 1, the switch makes the case faster.</summary>
    internal double Speedup => OffMs / OnMs;

    /// <summary>Each row timed with a switch on, next to the same case's row with it off (rows without that twin are left out).</summary>
    internal static IReadOnlyList<SwitchEffect> Of(IReadOnlyList<ComparisonRow> rows)
    {
        var off = rows.Where(r => r.OurMs is not null).ToLookup(r => (r.Op, r.Workload, r.Dtype));
        return
        [
            .. from row in rows
               where row.OurMs is not null
               from engineSwitch in EngineSwitch.All
               where row.Op.EndsWith(engineSwitch.Suffix, StringComparison.Ordinal)
               let op = row.Op[..^engineSwitch.Suffix.Length]
               from twin in off[(op, row.Workload, row.Dtype)].Take(1)
               select new SwitchEffect(engineSwitch, op, row.Workload, row.Dtype, twin.OurMs!.Value, row.OurMs!.Value),
        ];
    }

    /// <summary>
    /// One line per switch: in how many of its cases it is faster, the geometric mean of its
    /// speedups, and its slowest case; the figures a default is set from.
    /// </summary>
    internal static IEnumerable<string> Summaries(IReadOnlyList<SwitchEffect> effects) =>
        from effect in effects
        group effect by effect.Switch into cases
        let worst = cases.MinBy(c => c.Speedup)!
        let mean = Math.Exp(cases.Average(c => Math.Log(c.Speedup)))
        select $"{cases.Key.Property} ({cases.Key.Suffix}): faster in {cases.Count(c => c.Speedup > 1)} of {cases.Count()} cases, "
            + $"geometric mean {Numbers.ThreeDigits(mean)}x, slowest {Numbers.ThreeDigits(worst.Speedup)}x ({worst.Workload} {worst.Op} {worst.Dtype}).";
}
