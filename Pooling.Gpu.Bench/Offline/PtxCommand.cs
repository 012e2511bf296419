using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// The <c>ptx</c> command: compiles every kernel specialisation of the catalog to PTX for sm_90,
/// writes one .ptx file per kernel and summary.md into a folder, and prints the summary. With
/// ptxas on PATH it also assembles each for sm_90 (registers, spills, machine-code loads). Fails
/// when a kernel does not compile, so CI notices a kernel that stops compiling for CUDA, and when
/// one has float comparisons that ILGPU's OpenCL backend would get wrong for a NaN
/// (<see cref="PtxSummary.UnorderedCompares"/>), which only the PTX shows.
/// </summary>
internal static class PtxCommand
{
    internal const string DefaultFolder = "artifacts/ptx";

    internal static Command Create() => KernelFiles.NewCommand(
        "ptx",
        "Compiles every kernel for sm_90, writes the PTX and summary.md, and prints loads, stores and 64-bit divisions (registers and spills with ptxas on PATH).",
        DefaultFolder,
        Run);

    private static int Run(string folder, string only)
    {
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        bool assemble = NvidiaTools.Ptxas is not null;
        string[] headers =
            ["kernel", "global ld", "ld widths", "global st", "st widths", "div/rem .64", "shared ld/st", ..(assemble ? new[] { "regs", "spill B", "SASS ld/st" } : [])];
        var table = new Table().AddColumns([.. headers.Select((h, i) => i is 1 or 3 or 5 or 6 or 7 or 8 ? ConsoleOutput.Number(h) : ConsoleOutput.Text(h))]);
        var markdown = new MarkdownTable(headers);
        var failures = new List<string>();
        using var compiler = new PtxCompiler();
        var entries = KernelCatalog.Entries.Where(e => e.Name.Contains(only, StringComparison.Ordinal)).ToList();
        ConsoleOutput.ForEach("ptx", entries, e => e.Name, entry =>
        {
            var (name, method) = entry;
            string file = Path.Combine(folder, KernelFiles.FileName(name) + ".ptx");
            try
            {
                string ptx = compiler.Compile(method);
                File.WriteAllText(file, ptx);
                var s = PtxSummary.Of(ptx);
                CheckOpenClCompares(method, s);
                string[] cells =
                [
                    name, s.Loads.ToString(), PtxSummary.Format(s.LoadWidths), s.Stores.ToString(), PtxSummary.Format(s.StoreWidths),
                    s.Division64.ToString(), s.Shared.ToString(), .. (assemble ? MachineCells(file) : []),
                ];
                table.AddCells(cells);
                markdown.Add(cells);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        });

        string legend =
            "Static counts in the PTX (instructions, not executions), as outside loops / in the grid-stride loop / in inner loops.\n" +
            "global ld/st: loads and stores of global memory, counting ILGPU's generic ld/st (it emits no .global) with .global ones;\n" +
            "div/rem .64: 64-bit integer division and remainder (div/rem .s64/.u64), each a long instruction sequence on the GPU.\n" +
            (assemble ? "regs, spill B (stores+loads), SASS ld/st: from ptxas -arch=sm_90 -v and cuobjdump -sass (CUDA 11.8, PTX ISA 7.8).\n" : "ptxas is not on PATH: no registers or machine code (CUDA 11.8's, e.g. from Debian's nvidia-cuda-toolkit).\n");
        File.WriteAllText(Path.Combine(folder, "summary.md"), $"{markdown}\n{legend}");
        AnsiConsole.Write(table);
        Console.WriteLine();
        Console.Write(legend);
        Console.WriteLine($"{entries.Count - failures.Count} of {entries.Count} kernels compiled for sm_90 into {folder} in {clock.Elapsed.TotalSeconds:F1} s.");
        foreach (string failure in failures)
        {
            Console.Error.WriteLine($"FAILED {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Throws for a kernel with unordered float comparisons (<see cref="PtxSummary.UnorderedCompares"/>),
    /// which ILGPU's OpenCL backend would turn ordered, wrong for a NaN: every kernel but lp_pool's,
    /// whose double math tests no NaN with them (it returns a NaN base before its first ordered test;
    /// kernels.md), must be written so that ILGPU negates no float comparison.
    /// </summary>
    private static void CheckOpenClCompares(System.Reflection.MethodInfo kernel, PtxSummary summary)
    {
        if (summary.UnorderedCompares > 0 && !KernelCatalog.Needs(kernel).ComputesInDouble)
        {
            throw new InvalidOperationException(
                $"{summary.UnorderedCompares} unordered float comparisons, which ILGPU's OpenCL backend emits as ordered ones (wrong for a NaN): " +
                "test with selects or ordered comparisons that ILGPU need not negate (see MaxReduction.Add).");
        }
    }

    private static string[] MachineCells(string ptxFile)
    {
        var code = NvidiaTools.Assemble(ptxFile);
        return [code.Registers.ToString(), (code.SpillStores + code.SpillLoads).ToString(), PtxSummary.Format(code.GlobalAccesses)];
    }
}
