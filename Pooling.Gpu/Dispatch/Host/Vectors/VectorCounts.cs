namespace Pooling.Gpu;

/// <summary>
/// How many of a group's vectors <see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/>
/// runs: four, or fewer in a row's last group, whose other places would repeat its last vector.
/// A constant of the type, so that the JIT leaves out the code of the vectors a group lacks.
/// </summary>
internal interface IVectorCount
{
    static abstract int Count { get; }
}

internal readonly struct OneVector : IVectorCount
{
    public static int Count => 1;
}

internal readonly struct TwoVectors : IVectorCount
{
    public static int Count => 2;
}

internal readonly struct ThreeVectors : IVectorCount
{
    public static int Count => 3;
}

internal readonly struct FourVectors : IVectorCount
{
    public static int Count => 4;
}
