using System.Globalization;
using ILGPU;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Pooling.Gpu;

/// <summary>Picks the device a new engine runs on, and says why.</summary>
internal static class AcceleratorSelection
{
    private static readonly AcceleratorType[] AutoOrder = [AcceleratorType.Cuda, AcceleratorType.OpenCL, AcceleratorType.CPU];

    /// <summary>The preference after the environment variable has had its say.</summary>
    internal static (AcceleratorPreference Preference, string Source) Resolve(PoolingEngineOptions options, string? environmentValue)
    {
        if (options.Accelerator != AcceleratorPreference.Auto)
        {
            return (options.Accelerator, $"{nameof(PoolingEngineOptions)}.{nameof(PoolingEngineOptions.Accelerator)} = {options.Accelerator}");
        }

        if (string.IsNullOrWhiteSpace(environmentValue))
        {
            return (AcceleratorPreference.Auto, "automatic choice");
        }

        return Enum.TryParse<AcceleratorPreference>(environmentValue.Trim(), ignoreCase: true, out var fromEnvironment)
               && Enum.IsDefined(fromEnvironment)
            ? (fromEnvironment, $"{PoolingEngineOptions.EnvironmentVariable}={environmentValue.Trim()}")
            : throw new ArgumentException(
                $"{PoolingEngineOptions.EnvironmentVariable}='{environmentValue}' is not one of: auto, cuda, opencl, cpu, cpukernels.",
                nameof(environmentValue));
    }

    /// <summary>
    /// The accelerator that <paramref name="options"/> and the environment variables ask for, on a
    /// context of its own (<see cref="CreateContext"/>), and a sentence on how it was chosen: what
    /// an engine that makes its own accelerator runs on, and what the bench times. The caller
    /// disposes the accelerator, then the context.
    /// </summary>
    internal static (Context Context, Accelerator Accelerator, string Reason) Open(PoolingEngineOptions options, bool profiling = false)
    {
        var (preference, source) = Resolve(options, Environment.GetEnvironmentVariable(PoolingEngineOptions.EnvironmentVariable));
        var instructionSet = ResolveInstructionSet(options, Environment.GetEnvironmentVariable(PoolingEngineOptions.CudaInstructionSetVariable));
        var context = CreateContext(preference, instructionSet, profiling);
        try
        {
            var (device, reason) = Choose(context, preference, source);
            return (context, device.CreateAccelerator(context), Reason(reason, device.AcceleratorType, instructionSet));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether <paramref name="options"/> and the environment variable ask for ILGPU's CPU
    /// accelerator to run the GPU kernels (<see cref="AcceleratorPreference.CpuKernels"/>) rather
    /// than for the host path, which an engine on a CPU accelerator takes otherwise.
    /// </summary>
    internal static bool KernelsOnCpu(PoolingEngineOptions options) =>
        Resolve(options, Environment.GetEnvironmentVariable(PoolingEngineOptions.EnvironmentVariable)).Preference == AcceleratorPreference.CpuKernels;

    /// <summary>
    /// The CPU device of an engine that makes its own accelerator: one OS thread per core (ILGPU's
    /// default, <see cref="CPUDevice.Default"/>, runs 16 threads that meet at a barrier after
    /// every group of 16, whatever the machine). Warps of two lanes, the fewest ILGPU allows, one
    /// per group and one group per multiprocessor, and a multiprocessor per two cores; the kernels'
    /// warp code still runs (two lanes shuffle).
    /// </summary>
    internal static CPUDevice MachineCpu { get; } = new(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 1, numMultiprocessors: Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>
    /// The PTX instruction set forced by the options or, when they leave it null, by the
    /// environment variable, with where it came from; null when neither sets one (ILGPU picks).
    /// </summary>
    /// <exception cref="ArgumentException">The variable's value is not <c>major.minor</c>, or either names an instruction set ILGPU does not generate.</exception>
    internal static ForcedInstructionSet? ResolveInstructionSet(PoolingEngineOptions options, string? environmentValue)
    {
        string supported = string.Join(", ", PTXCodeGenerator.SupportedInstructionSets.Reverse());
        if (options.CudaInstructionSet is { } set)
        {
            return PTXCodeGenerator.SupportedInstructionSets.Contains(set)
                ? new(set, $"{nameof(PoolingEngineOptions)}.{nameof(PoolingEngineOptions.CudaInstructionSet)}")
                : throw new ArgumentException(
                    $"{nameof(PoolingEngineOptions)}.{nameof(PoolingEngineOptions.CudaInstructionSet)} = {set} is not a PTX instruction set ILGPU generates: {supported}.",
                    nameof(options));
        }

        if (string.IsNullOrWhiteSpace(environmentValue))
        {
            return null;
        }

        string[] parts = environmentValue.Trim().Split('.');
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
               && PTXCodeGenerator.SupportedInstructionSets.Contains(new CudaInstructionSet(major, minor))
            ? new(new CudaInstructionSet(major, minor), PoolingEngineOptions.CudaInstructionSetVariable)
            : throw new ArgumentException(
                $"{PoolingEngineOptions.CudaInstructionSetVariable}='{environmentValue}' is not a PTX instruction set ILGPU generates: {supported}.",
                nameof(environmentValue));
    }

    /// <summary>The first device of the preferred kind, and a sentence on how it was chosen.</summary>
    internal static (Device Device, string Reason) Choose(Context context, AcceleratorPreference preference, string source)
    {
        if (preference == AcceleratorPreference.Auto)
        {
            foreach (var type in AutoOrder)
            {
                var device = context.Devices.FirstOrDefault(d => d.AcceleratorType == type);
                if (device is not null)
                {
                    string skipped = type == AcceleratorType.Cuda ? "" : $" (no {string.Join(" or ", AutoOrder.TakeWhile(t => t != type))} device found)";
                    return (device, $"{source}: {type}{skipped}");
                }
            }
        }

        var wanted = preference switch
        {
            AcceleratorPreference.Cuda => AcceleratorType.Cuda,
            AcceleratorPreference.OpenCL => AcceleratorType.OpenCL,
            _ => AcceleratorType.CPU,
        };
        var chosen = context.Devices.FirstOrDefault(d => d.AcceleratorType == wanted)
            ?? throw new InvalidOperationException($"{source} asks for {wanted}, but this machine has no {wanted} device that ILGPU can use{Requirement(wanted)}.");
        return (chosen, $"{source}: {wanted}");
    }

    /// <summary>What ILGPU needs to see a device of kind <paramref name="kind"/>: the library it loads, and for OpenCL the version.</summary>
    private static string Requirement(AcceleratorType kind) => kind switch
    {
        AcceleratorType.Cuda => " (it loads libcuda.so, nvcuda.dll on Windows, from the NVIDIA driver)",
        AcceleratorType.OpenCL => " (it loads libOpenCL.so, OpenCL.dll on Windows, and needs OpenCL 2.0, or 3.0 with the generic address space)",
        _ => "",
    };

    /// <summary>
    /// The context of an engine that makes its own: the devices it must probe for a preference
    /// (probing CUDA is skipped when the CPU is forced), CUDA's with <paramref name="instructionSet"/>
    /// where one is forced, with ILGPU's O2 optimisations: among them the inference of address
    /// spaces, which makes the kernels' loads and stores global ones (`ld.global`, LDG/STG on the
    /// GPU) instead of generic ones, and takes fewer registers (ptxas for sm_90: the max-pool
    /// forward with compact indices 48 instead of 54). <paramref name="profiling"/> adds ILGPU's
    /// profiling markers, with which the bench times kernels: the same kernels as an engine's.
    /// </summary>
    internal static Context CreateContext(AcceleratorPreference preference, ForcedInstructionSet? instructionSet, bool profiling = false) =>
        Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2);
            if (profiling)
            {
                builder.Profiling();
            }

            Action<CudaDeviceOverride> cuda = device => device.InstructionSet = instructionSet?.Set ?? device.InstructionSet;
            switch (preference)
            {
                case AcceleratorPreference.Cpu or AcceleratorPreference.CpuKernels:
                    builder.CPU(MachineCpu);
                    break;
                case AcceleratorPreference.Cuda:
                    builder.Cuda(cuda);
                    break;
                case AcceleratorPreference.OpenCL:
                    builder.OpenCL();
                    break;
                default:
                    builder.CPU(MachineCpu).OpenCL().Cuda(cuda).AutoAssertions().AutoIOOperations();
                    break;
            }
        });

    /// <summary>
    /// Whether kernels compiled at <paramref name="level"/> for a <paramref name="kind"/> device
    /// lose ILGPU's O2 address-space inference: on a GPU, not on the CPU accelerator, which runs
    /// the kernels' .NET code as it is.
    /// </summary>
    internal static bool CompilesSlowly(AcceleratorType kind, OptimizationLevel level) =>
        kind != AcceleratorType.CPU && level < OptimizationLevel.O2;

    /// <summary>
    /// Whether ILGPU compiles warp shuffles for a <paramref name="kind"/> device (of
    /// <paramref name="vendor"/>, for OpenCL): everywhere but on OpenCL devices not made by Intel.
    /// </summary>
    internal static bool Shuffles(AcceleratorType kind, CLDeviceVendor? vendor) =>
        kind != AcceleratorType.OpenCL || vendor == CLDeviceVendor.Intel;

    /// <summary><paramref name="reason"/> for choosing a device of kind <paramref name="chosen"/>, and the instruction set where one is forced on a CUDA device.</summary>
    internal static string Reason(string reason, AcceleratorType chosen, ForcedInstructionSet? instructionSet) =>
        instructionSet is { } forced && chosen == AcceleratorType.Cuda
            ? $"{reason}, PTX ISA {forced.Set} ({forced.Source})"
            : reason;
}

/// <summary>A PTX instruction set that the options or the environment force on CUDA devices, and which of them did.</summary>
internal readonly record struct ForcedInstructionSet(CudaInstructionSet Set, string Source);
