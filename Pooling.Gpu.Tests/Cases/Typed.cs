namespace Pooling.Gpu.Tests;

/// <summary>A test step written once for every element type: <see cref="Typed.Dispatch"/> calls it with the type's conversions.</summary>
/// <typeparam name="TResult">What the step returns.</typeparam>
public interface ITypedCall<TResult>
{
    /// <summary>Runs the step in element type <typeparamref name="T"/>.</summary>
    /// <param name="to">Test data (float32, already representable in the type) to the type.</param>
    /// <param name="from">The type to float64, exactly.</param>
    /// <param name="poison">The type's poison value for output buffers.</param>
    TResult Call<T>(Func<float, T> to, Func<T, double> from, T poison)
        where T : unmanaged;
}

/// <summary>Runs an <see cref="ITypedCall{TResult}"/> in the storage type of an <see cref="ElementType"/>.</summary>
public static class Typed
{
    public static TResult Dispatch<TResult>(ElementType type, ITypedCall<TResult> call) => type switch
    {
        ElementType.Float64 => call.Call(v => (double)v, v => v, double.MinValue),
        ElementType.Float16 => call.Call(v => (ILGPU.Half)v, v => (float)v, (ILGPU.Half)Poison.Value),
        ElementType.BFloat16 => call.Call(v => (BFloat16)v, v => (float)v, (BFloat16)Poison.Value),
        _ => call.Call(v => v, v => v, Poison.Value),
    };
}
