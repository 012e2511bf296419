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
/// <see cref="MaxReduction{T, TAcc, TElement, TIndex}.Add"/>'s rule, take a value that is NaN or
/// greater, for windows that may hold NaNs (<see cref="AnyValues"/>) or hold none (<see cref="Numbers"/>).
/// </summary>
internal interface IMaxRule
{
    /// <summary>All ones in the lanes where <paramref name="value"/> replaces <paramref name="max"/>.</summary>
    static abstract Vector256<float> Takes(Vector256<float> value, Vector256<float> max);

    /// <summary>The lanes' maxima after <paramref name="value"/>.</summary>
    static abstract Vector256<float> Max(Vector256<float> value, Vector256<float> max);
}

/// <summary>The rule for windows that may hold NaNs.</summary>
internal readonly struct AnyValues : IMaxRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Takes(Vector256<float> value, Vector256<float> max) => ~Vector256.Equals(value, value) | Vector256.GreaterThan(value, max);

    /// <summary>x86's max, which takes a NaN value only where the maximum so far is none, and a select for NaN values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> value, Vector256<float> max) =>
        Avx.IsSupported
            ? Vector256.ConditionalSelect(~Vector256.Equals(value, value), value, Avx.Max(value, max))
            : Vector256.ConditionalSelect(Takes(value, max), value, max);
}

/// <summary>
/// The rule for windows that hold no NaN: a greater value is the only one taken; x86's max alone,
/// which gives its first operand where that is greater and its second otherwise (equal values,
/// zeros of both signs too: the second), so max(value, maximum) is the rule. One instruction a
/// position, where the rule for NaNs takes three (an element's NaN test, the max and a select).
/// </summary>
internal readonly struct Numbers : IMaxRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Takes(Vector256<float> value, Vector256<float> max) => Vector256.GreaterThan(value, max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> value, Vector256<float> max) =>
        Avx.IsSupported ? Avx.Max(value, max) : Vector256.ConditionalSelect(Takes(value, max), value, max);
}

/// <summary>Eight maxima, without their positions, by <typeparamref name="TRule"/>.</summary>
internal struct MaxFold<TRule> : IRowFold<MaxFold<TRule>>
    where TRule : struct, IMaxRule
{
    private Vector256<float> max;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MaxFold<TRule> Start(Vector256<int> firstPositions) => new() { max = Pad };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position) => max = TRule.Max(value, max);
}

/// <summary>Eight maxima and the positions that hold them, by <typeparamref name="TRule"/>.</summary>
internal struct ArgMaxFold<TRule> : IRowFold<ArgMaxFold<TRule>>
    where TRule : struct, IMaxRule
{
    private Vector256<float> max;

    private Vector256<int> arg;

    public static Vector256<float> Pad => Vector256.Create(float.NegativeInfinity);

    public readonly Vector256<float> Values => max;

    public readonly Vector256<int> Positions => arg;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ArgMaxFold<TRule> Start(Vector256<int> firstPositions) => new() { max = Pad, arg = firstPositions };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<float> value, int position)
    {
        var take = TRule.Takes(value, max);
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
