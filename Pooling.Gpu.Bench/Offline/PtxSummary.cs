namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// What the PTX of one kernel does with memory and 64-bit division, counted statically (instructions
/// in the code, not executions), each count split by loop depth as "outside / grid loop / inner
/// loops". Loads and stores count global memory: ILGPU emits generic <c>ld</c>/<c>st</c> (no
/// <c>.global</c>) for views, and those count too; parameter, shared and local accesses do not.
/// <see cref="UnorderedCompares"/> counts the float comparisons that hold for a NaN operand other
/// than <c>!=</c> (<c>setp.ltu/leu/gtu/geu/equ</c>): ILGPU makes them when it negates an ordered
/// comparison, and its OpenCL backend emits them as ordered ones, wrong for a NaN.
/// </summary>
internal sealed record PtxSummary(
    DepthCounts Loads,
    IReadOnlyDictionary<string, int> LoadWidths,
    DepthCounts Stores,
    IReadOnlyDictionary<string, int> StoreWidths,
    DepthCounts Division64,
    int Shared,
    int Local,
    int Atomics,
    int UnorderedCompares)
{
    private static readonly string[] Qualifiers =
        ["global", "nc", "ca", "cg", "cs", "lu", "cv", "wb", "wt", "volatile", "relaxed", "acquire", "release", "weak", "cta", "gpu", "sys"];

    /// <summary>Counts the instructions of a kernel's PTX.</summary>
    internal static PtxSummary Of(string ptx)
    {
        var loads = new DepthCounts();
        var stores = new DepthCounts();
        var division = new DepthCounts();
        var loadWidths = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var storeWidths = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int shared = 0, local = 0, atomics = 0, unordered = 0;
        foreach (var (instruction, depth) in PtxControlFlow.Instructions(ptx))
        {
            string[] parts = instruction.Split((char[])[' ', '\t'], 2)[0].Split('.');
            switch (parts[0])
            {
                case "ld" or "st" when parts.Contains("param") || parts.Contains("const"):
                    break;
                case "ld" or "st" when parts.Contains("shared"):
                    shared++;
                    break;
                case "ld" or "st" when parts.Contains("local"):
                    local++;
                    break;
                case "ld" or "st":
                    bool load = parts[0] == "ld";
                    (load ? loads : stores).Add(depth);
                    string width = string.Join('.', parts.Skip(1).Where(p => !Qualifiers.Contains(p)));
                    var widths = load ? loadWidths : storeWidths;
                    widths[width] = widths.GetValueOrDefault(width) + 1;
                    break;
                case "atom" or "red":
                    atomics++;
                    break;
                case "div" or "rem" when parts.Length > 1 && parts[1] is "s64" or "u64":
                    division.Add(depth);
                    break;
                case "setp" when parts.Length > 2 && parts[1] is "ltu" or "leu" or "gtu" or "geu" or "equ" && parts[2].StartsWith('f'):
                    unordered++;
                    break;
            }
        }

        return new PtxSummary(loads, loadWidths, stores, storeWidths, division, shared, local, atomics, unordered);
    }

    /// <summary>Widths as "f32 x2, b8" (the PTX type, with .v2/.v4 for vector accesses).</summary>
    internal static string Format(IReadOnlyDictionary<string, int> widths) =>
        widths.Count == 0 ? "-" : string.Join(", ", widths.Select(w => w.Value == 1 ? w.Key : $"{w.Key} x{w.Value}"));
}

/// <summary>Instruction counts by loop depth: outside loops, in the grid-stride loop, in loops nested inside it.</summary>
internal sealed class DepthCounts
{
    internal int Outside { get; private set; }

    internal int GridLoop { get; private set; }

    internal int InnerLoops { get; private set; }

    internal void Add(int depth)
    {
        switch (depth)
        {
            case 0:
                Outside++;
                break;
            case 1:
                GridLoop++;
                break;
            default:
                InnerLoops++;
                break;
        }
    }

    public override string ToString() => $"{Outside}/{GridLoop}/{InnerLoops}";
}
