using System.CommandLine;
using System.Diagnostics;
using ILGPU.Runtime.OpenCL;

namespace Pooling.Gpu.Bench.Offline;

/// <summary>
/// The <c>opencl</c> command: compiles every kernel specialisation of the catalog to OpenCL C with
/// ILGPU's OpenCL backend and writes one .cl file per kernel into a folder. A kernel with warp
/// shuffles (<see cref="KernelCatalog.Shuffles"/>) must fail for a device not made by Intel, as the
/// engine assumes when it keeps such devices off it (<see cref="Dispatcher.Shuffles"/>), and
/// compile for Intel's; every other kernel must compile for any vendor. With clang on PATH each
/// source is also checked as OpenCL C 2.0 (<c>-fsyntax-only</c>, Intel's sub-group functions
/// declared). Fails when any of that does not hold, so CI notices a kernel that stops compiling
/// for OpenCL; no OpenCL device is needed, and none runs the kernels here. Each kernel is compiled
/// for a device with only the fp16 and fp64 capabilities the engine asks of one for that kernel
/// (<see cref="DeviceCapabilities"/>), so that a kernel needing more than the engine checks fails.
/// </summary>
internal static class OpenClCommand
{
    internal const string DefaultFolder = "artifacts/opencl";

    private static readonly string? Clang = ExternalTool.OnPath("clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14");

    internal static Command Create() => KernelFiles.NewCommand(
        "opencl",
        "Compiles every kernel to OpenCL C with ILGPU's OpenCL backend, and checks each with clang where it is on PATH.",
        DefaultFolder,
        Run);

    private static int Run(string folder, string only)
    {
        Directory.CreateDirectory(folder);
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        using var compiler = new OpenClCompiler();
        var entries = KernelCatalog.Entries.Where(e => e.Name.Contains(only, StringComparison.Ordinal)).ToList();
        int shuffling = 0;
        ConsoleOutput.ForEach("opencl", entries, e => e.Name, entry =>
        {
            var (name, method) = entry;
            try
            {
                // Only the capabilities the engine asks of a device for this kernel: a kernel that needs more fails here.
                var (element, computesInDouble) = KernelCatalog.Needs(method);
                var (float16, float64) = DeviceCapabilities.Required(element, computesInDouble);
                bool shuffles = KernelCatalog.Shuffles(method);
                if (shuffles)
                {
                    shuffling++;
                    CheckRefused(() => compiler.Compile(method, CLDeviceVendor.Other, float16, float64));
                }

                string file = Path.Combine(folder, KernelFiles.FileName(name) + ".cl");
                File.WriteAllText(file, compiler.Compile(method, shuffles ? CLDeviceVendor.Intel : CLDeviceVendor.Other, float16, float64));
                if (Clang is not null)
                {
                    ExternalTool.Run(Clang, "-cl-std=CL2.0", "-target", "spir64", "-Xclang", "-cl-ext=+cl_intel_subgroups", "-include", "opencl-c.h", "-fsyntax-only", file);
                }
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        });

        Console.WriteLine(
            $"{entries.Count - failures.Count} of {entries.Count} kernels compiled to OpenCL C into {folder} in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({shuffling} with warp shuffles: for Intel devices only, and refused for others as the engine expects; each with only the fp16 and fp64 capabilities the engine asks for it); " +
            (Clang is null ? "clang is not on PATH: the sources were not checked." : $"{Path.GetFileName(Clang)} checked each as OpenCL C 2.0."));
        foreach (string failure in failures)
        {
            Console.Error.WriteLine($"FAILED {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Throws unless <paramref name="compile"/>, a kernel's warp shuffles for a device not made by Intel, fails in ILGPU.</summary>
    private static void CheckRefused(Action compile)
    {
        try
        {
            compile();
        }
        catch (ILGPU.InternalCompilerException)
        {
            return;
        }

        throw new InvalidOperationException(
            "ILGPU now compiles this kernel's warp shuffles for OpenCL devices of any vendor: let Dispatcher.Shuffles say so, and this command expect it.");
    }
}
