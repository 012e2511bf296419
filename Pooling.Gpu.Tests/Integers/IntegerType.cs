using System.Numerics;

namespace Pooling.Gpu.Tests;

/// <summary>The integer element types the library max-pools.</summary>
public enum IntegerType
{
    Int8,
    UInt8,
    Int16,
    Int32,
    Int64,
}

/// <summary>A test step written once for every integer type: <see cref="IntegerTypes.Dispatch"/> calls it in the type.</summary>
/// <typeparam name="TResult">What the step returns.</typeparam>
public interface IIntegerCall<TResult>
{
    TResult Call<T>()
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>;
}

/// <summary>Per-type facts: range, PyTorch's names, a poison value, and the dispatch to the storage type.</summary>
public static class IntegerTypes
{
    public static TResult Dispatch<TResult>(this IntegerType type, IIntegerCall<TResult> call) => type switch
    {
        IntegerType.Int8 => call.Call<sbyte>(),
        IntegerType.UInt8 => call.Call<byte>(),
        IntegerType.Int16 => call.Call<short>(),
        IntegerType.Int32 => call.Call<int>(),
        _ => call.Call<long>(),
    };

    public static long Min(this IntegerType type) => type.Dispatch(new MinValue());

    public static long Max(this IntegerType type) => type.Dispatch(new MaxValue());

    /// <summary>PyTorch's dtype name.</summary>
    public static string TorchName(this IntegerType type) => type.ToString().ToLowerInvariant();

    /// <summary>PyTorch's ScalarType name, as its error messages give it.</summary>
    public static string TorchScalarName(this IntegerType type) => type switch
    {
        IntegerType.Int8 => "Char",
        IntegerType.UInt8 => "Byte",
        IntegerType.Int16 => "Short",
        IntegerType.Int32 => "Int",
        _ => "Long",
    };

    /// <summary>Output buffers are filled with this before every call; test data never hold it.</summary>
    public static long Poison(this IntegerType type) => type.Dispatch(new PoisonValue());

    /// <summary>Whether float64 holds <paramref name="value"/> exactly (where Debian's PyTorch runs integer max pooling, see torch_oracle.py).</summary>
    public static bool ExactInFloat64(long value) => value == long.MinValue || (long)(double)value == value && Math.Abs((double)value) < 9223372036854775808.0;

    private readonly struct MinValue : IIntegerCall<long>
    {
        public long Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => long.CreateTruncating(T.MinValue);
    }

    private readonly struct MaxValue : IIntegerCall<long>
    {
        public long Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => long.CreateTruncating(T.MaxValue);
    }

    private readonly struct PoisonValue : IIntegerCall<long>
    {
        public long Call<T>()
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T> => long.CreateTruncating(T.CreateTruncating(0x5A5A5A5A5A5A5A5AL));
    }
}
