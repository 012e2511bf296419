using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The error for device memory that is gone: a tensor or compact indices that were disposed, or
/// whose accelerator was (an engine disposes the accelerator it made, and with it every buffer
/// there; ILGPU would fail with a NullReferenceException). It names the parameter that passed the
/// memory, and what the memory held, so that a user can tell which of a call's tensors it was.
/// </summary>
internal static class DeviceMemory
{
    /// <summary>The exception; made only on failure, since every call checks its memory.</summary>
    /// <param name="accelerator">The accelerator that holds (held) the memory.</param>
    /// <param name="disposed">True when the object itself was disposed, false when only its accelerator was.</param>
    /// <param name="parameter">The parameter that passed the object; null where the caller used it directly.</param>
    /// <param name="type">The object's type as C# writes it, e.g. <c>DeviceTensor&lt;Single&gt;</c>.</param>
    /// <param name="details">What it held, e.g. <c>of shape [2, 3, 8, 8]</c>.</param>
    /// <param name="reason">What happened, where neither it nor its accelerator was disposed (a view whose tensor was).</param>
    internal static ObjectDisposedException Gone(Accelerator accelerator, bool disposed, string? parameter, string type, string details, string? reason = null)
    {
        string subject = parameter is null ? $"This {type} {details}" : $"{parameter} ({type} {details})";
        reason ??= disposed
            ? "was disposed"
            : $"lives on {AcceleratorNames.Of(accelerator)}, which was disposed (as an engine disposes the accelerator it made)";
        return new ObjectDisposedException(parameter ?? type, $"{subject} {reason}.");
    }
}
