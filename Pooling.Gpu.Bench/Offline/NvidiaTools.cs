using System.Text.RegularExpressions;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>What ptxas reports for a kernel on sm_90, and the global loads and stores of its machine code.</summary>
internal sealed record MachineCode(int Registers, int StackFrame, int SpillStores, int SpillLoads, IReadOnlyDictionary<string, int> GlobalAccesses);

/// <summary>
/// NVIDIA's offline tools of CUDA 11.8, when they are on PATH (Debian's nvidia-cuda-toolkit
/// package has them; no GPU needed): ptxas assembles the PTX for sm_90 and reports registers and spills, cuobjdump shows the
/// machine code's real loads and stores (LDG.E.128 is a 16-byte global load, LDG.E a 4-byte one;
/// LD.E is a generic load, which the hardware must first resolve to global memory).
/// Optional: without them the ptx command reports the PTX alone.
/// </summary>
internal static partial class NvidiaTools
{
    /// <summary>ptxas on PATH, or null.</summary>
    internal static string? Ptxas { get; } = ExternalTool.OnPath("ptxas");

    private static string? Cuobjdump { get; } = ExternalTool.OnPath("cuobjdump");

    /// <summary>Assembles <paramref name="ptxFile"/> next to itself (.cubin) and reads the report; throws if ptxas rejects it.</summary>
    internal static MachineCode Assemble(string ptxFile)
    {
        string cubin = Path.ChangeExtension(ptxFile, ".cubin");
        string report = ExternalTool.Run(Ptxas ?? throw new InvalidOperationException("ptxas is not on PATH."), "-arch=sm_90", "-v", "-o", cubin, ptxFile);
        int Number(Regex pattern) => pattern.Match(report) is { Success: true } m ? int.Parse(m.Groups[1].Value) : -1;
        var accesses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (Cuobjdump is not null)
        {
            foreach (Match m in GlobalAccessPattern().Matches(ExternalTool.Run(Cuobjdump, "-sass", cubin)))
            {
                accesses[m.Value] = accesses.GetValueOrDefault(m.Value) + 1;
            }
        }

        return new MachineCode(
            Number(RegistersPattern()), Number(StackPattern()), Number(SpillStoresPattern()), Number(SpillLoadsPattern()), accesses);
    }

    [GeneratedRegex(@"Used (\d+) registers")]
    private static partial Regex RegistersPattern();

    [GeneratedRegex(@"(\d+) bytes stack frame")]
    private static partial Regex StackPattern();

    [GeneratedRegex(@"(\d+) bytes spill stores")]
    private static partial Regex SpillStoresPattern();

    [GeneratedRegex(@"(\d+) bytes spill loads")]
    private static partial Regex SpillLoadsPattern();

    /// <summary>Global (LDG/STG) and generic (LD/ST) memory accesses and atomics; not LDS/STS (shared) or LDC (constants).</summary>
    [GeneratedRegex(@"\b(?:LDG|STG|LD|ST|ATOMG|ATOM|RED)(?:\.[A-Z0-9_]+)*(?=\s)")]
    private static partial Regex GlobalAccessPattern();
}
