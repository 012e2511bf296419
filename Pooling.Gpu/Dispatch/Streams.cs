using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The stream an op runs on.</summary>
internal static class Streams
{
    /// <summary>The caller's stream, checked to belong to <paramref name="accelerator"/>, or the accelerator's default one.</summary>
    /// <exception cref="ArgumentException">The stream belongs to another accelerator.</exception>
    internal static AcceleratorStream OrDefault(Accelerator accelerator, AcceleratorStream? stream)
    {
        if (stream is null)
        {
            return accelerator.DefaultStream;
        }

        if (stream.Accelerator != accelerator)
        {
            throw new ArgumentException($"The stream belongs to {AcceleratorNames.NotThisEngines(stream.Accelerator, accelerator, "not to")}", nameof(stream));
        }

        return stream;
    }
}
