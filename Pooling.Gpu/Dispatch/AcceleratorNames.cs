using System.Runtime.CompilerServices;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// How messages name an accelerator: its kind, a number and its device's name. Two engines on the
/// CPU accelerator (or on two GPUs of one model) have accelerators of the same kind and name;
/// only the number tells them apart. ILGPU keeps its instance ids internal, so the numbers are
/// ours: 1, 2, ... in the order the process's engines were made (an accelerator no engine runs
/// on, such as a caller's view's, gets the next one when first named).
/// </summary>
internal static class AcceleratorNames
{
    private static readonly ConditionalWeakTable<Accelerator, StrongBox<int>> Numbers = [];
    private static int last;

    /// <summary>The accelerator as messages name it, e.g. <c>CPU accelerator #2 'CPUAccelerator'</c>.</summary>
    internal static string Of(Accelerator accelerator) =>
        $"{accelerator.AcceleratorType} accelerator #{Number(accelerator)} '{accelerator.Name}'";

    /// <summary>The accelerator's number; the next one when it has none yet.</summary>
    internal static int Number(Accelerator accelerator) =>
        Numbers.GetValue(accelerator, _ => new StrongBox<int>(Interlocked.Increment(ref last))).Value;

    /// <summary>
    /// The end of a message refusing something on <paramref name="actual"/> for an engine on
    /// <paramref name="engine"/>: both named, and said to be two instances where their kind and name agree.
    /// </summary>
    /// <param name="actual">Where the refused argument lives.</param>
    /// <param name="engine">The engine's accelerator.</param>
    /// <param name="not">The words between the two, e.g. "not on".</param>
    internal static string NotThisEngines(Accelerator actual, Accelerator engine, string not = "not on") =>
        $"{Of(actual)}, {not} this engine's {Of(engine)}"
        + (actual.AcceleratorType == engine.AcceleratorType && actual.Name == engine.Name ? ": another accelerator instance with the same device name." : ".");
}
