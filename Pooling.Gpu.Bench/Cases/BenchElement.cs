namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// An element type the bench runs, fp32 or fp16 (the speed goals ask for both): its name in the
/// result files (PyTorch's dtype key in torch_bench.py), and host values to and from float32.
/// </summary>
/// <typeparam name="T">float or ILGPU.Half.</typeparam>
internal static class BenchElement<T>
    where T : unmanaged
{
    internal static string DType { get; } =
        typeof(T) == typeof(float) ? "fp32" : typeof(T) == typeof(ILGPU.Half) ? "fp16" : throw new NotSupportedException($"The bench runs float and Half, not {typeof(T)}.");

    /// <summary>The nearest value of the type (exact for float).</summary>
    internal static T From(float value) => typeof(T) == typeof(ILGPU.Half) ? (T)(object)(ILGPU.Half)value : (T)(object)value;

    /// <summary>The value as a float32, exactly.</summary>
    internal static float ToFloat(T value) => value is ILGPU.Half half ? (float)half : (float)(object)value;
}
