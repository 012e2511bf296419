using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pooling.Gpu;

/// <summary>
/// A reduction of eight windows at once, one per lane, in the kernel's order: what
/// <see cref="PoolRows{T, TLoad, TFold, TNumberFold, TColumns}"/> runs over a window's positions.
/// Members that change the fold are statements, not conditional expressions: the JIT keeps a
/// struct assigned from a conditional expression in memory, not in registers.
/// </summary>
internal interface IRowFold<TFold>
    where TFold : struct, IRowFold<TFold>
{
    /// <summary>What a position outside the input reads: a value that changes no lane's result.</summary>
    static abstract Vector256<float> Pad { get; }

    /// <summary>The fold before any position; <paramref name="firstPositions"/>: each lane's first position inside the input (an all -inf window's maximum).</summary>
    static abstract TFold Start(Vector256<int> firstPositions);

    /// <summary>The lanes' results: maxima or sums.</summary>
    Vector256<float> Values { get; }

    /// <summary>The positions of the lanes' maxima (undefined for sums).</summary>
    Vector256<int> Positions { get; }

    /// <summary>Takes position <paramref name="position"/> (the window's positions counted row by row) of every lane.</summary>
    void Add(Vector256<float> value, int position);
}

/// <summary>
/// Eight maxima, without their positions, by <see cref="MaxReduction{T, TAcc, TElement, TIndex}.Add"/>'s
/// rule: take a value that is NaN or greater.
/// </summary>
internal struct MaxFold : IRowFold<MaxFold>
{
    private Vector256<float> max;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaxFold Start(Vector256<int> firstPositions) => new() { max = Pad };

    /// <summary>x86's max, which takes a NaN value only where the maximum so far is none, and a select for NaN values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position)
    {
        var nan = ~Vector256.Equals(value, value);
        if (Avx.IsSupported)
        {
            max = Vector256.ConditionalSelect(nan, value, Avx.Max(value, max));
            return;
        }

        max = Vector256.ConditionalSelect(nan | Vector256.GreaterThan(value, max), value, max);
    }
}

/// <summary>
/// <see cref="MaxFold"/> for windows that hold no NaN: x86's max alone, which gives its first
/// operand where that is greater and its second otherwise (equal values: the second), so
/// max(value, maximum) is the kernel's rule for numbers. One instruction a position, where the
/// rule for NaNs takes three (an element's NaN test, the max and a select).
/// </summary>
internal struct NumberMaxFold : IRowFold<NumberMaxFold>
{
    private Vector256<float> max;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NumberMaxFold Start(Vector256<int> firstPositions) => new() { max = Pad };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position)
    {
        if (Avx.IsSupported)
        {
            max = Avx.Max(value, max);
            return;
        }

        max = Vector256.ConditionalSelect(Vector256.GreaterThan(value, max), value, max);
    }
}

/// <summary>Eight maxima and the positions that hold them, by <see cref="MaxReduction{T, TAcc, TElement, TIndex}.Add"/>'s rule.</summary>
internal struct ArgMaxFold : IRowFold<ArgMaxFold>
{
    private Vector256<float> max;

    private Vector256<int> arg;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => arg;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ArgMaxFold Start(Vector256<int> firstPositions) => new() { max = Pad, arg = firstPositions };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position)
    {
        var take = ~Vector256.Equals(value, value) | Vector256.GreaterThan(value, max);
        max = Vector256.ConditionalSelect(take, value, max);
        arg = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(position), arg);
    }
}

/// <summary><see cref="ArgMaxFold"/> for windows that hold no NaN: a greater value is the only one taken.</summary>
internal struct NumberArgMaxFold : IRowFold<NumberArgMaxFold>
{
    private Vector256<float> max;

    private Vector256<int> arg;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => arg;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NumberArgMaxFold Start(Vector256<int> firstPositions) => new() { max = Pad, arg = firstPositions };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position)
    {
        var take = Vector256.GreaterThan(value, max);
        max = Vector256.ConditionalSelect(take, value, max);
        arg = Vector256.ConditionalSelect(take.AsInt32(), Vector256.Create(position), arg);
    }
}

/// <summary>Eight sums, each added in order from +0.</summary>
internal struct SumFold : IRowFold<SumFold>
{
    private Vector256<float> sum;

    public static Vector256<float> Pad => Vector256<float>.Zero;

    public readonly Vector256<float> Values => sum;

    public readonly Vector256<int> Positions => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SumFold Start(Vector256<int> firstPositions) => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position) => sum += value;
}
