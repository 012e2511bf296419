using ILGPU;
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
                $"{PoolingEngineOptions.EnvironmentVariable}='{environmentValue}' is not one of: auto, cuda, opencl, cpu.",
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
            ?? throw new InvalidOperationException($"{source} asks for a {wanted} accelerator, but this machine has none.");
        return (chosen, $"{source}: {wanted}");
    }

    /// <summary>
    /// The devices the context must probe for a preference (probing CUDA is skipped when the CPU is
    /// forced), with ILGPU's O2 optimisations: among them the inference of address spaces, which
    /// makes the kernels' loads and stores global ones (`ld.global`, LDG/STG on the GPU) instead of
    /// generic ones, and takes fewer registers (ptxas for sm_90: the max-pool forward with compact
    /// indices 48 instead of 54).
    /// </summary>
    internal static Context CreateContext(AcceleratorPreference preference) =>
        Context.Create(builder =>
        {
            builder.Optimize(OptimizationLevel.O2);
            switch (preference)
            {
                case AcceleratorPreference.Cpu:
                    builder.DefaultCPU();
                    break;
                case AcceleratorPreference.Cuda:
                    builder.Cuda();
                    break;
                case AcceleratorPreference.OpenCL:
                    builder.OpenCL();
                    break;
                default:
                    builder.Default();
                    break;
            }
        });
}
