namespace Pooling.Gpu.Tests;

/// <summary>
/// Infinities, NaN, signed zeros and subnormal floats in every op. The subnormal cases are made
/// of multiples of float.Epsilon (2^-149) whose window sums and means are exact, so a flush to
/// zero anywhere shows as a wrong value, not as rounding.
/// </summary>
public static class SpecialValueCases
{
    private const float Inf = float.PositiveInfinity;
    private const float Nan = float.NaN;
    private const float Tiny = float.Epsilon;

    public static IEnumerable<NumericCase> All =>
    [
        Make("max: NaN propagates, its index is the last NaN's", Max(2), (1, 1, 2, 2), [Nan, 1, Nan, 2]),
        Make("max: an all -inf window answers its first position", Max(2), (1, 1, 2, 4), [-Inf, -Inf, -Inf, -Inf, -Inf, 3, -Inf, -Inf]),
        Make("max: +inf beats numbers, NaN beats +inf, the first +inf wins", Max(2), (1, 1, 2, 4), [1, Inf, Inf, 2, Nan, Inf, Inf, 2]),
        Make("max: signed zeros, the first wins", Max((1, 2)), (1, 1, 2, 4), [0f, -0f, -0f, 0f, -0f, -0f, 0f, 0f]),
        Make("max: subnormals pass through exactly", Max(2), (2, 2, 4, 6), Subnormals(96, seed: 1)),
        Make("avg: inf, -inf and NaN", Avg((1, 2)), (1, 1, 1, 8), [Inf, 1, Inf, -Inf, Nan, 1, -Inf, -Inf]),
        Make("avg: subnormal means are exact", Avg(2), (1, 2, 2, 4), [Tiny, 3 * Tiny, 9 * Tiny, 7 * Tiny, 5 * Tiny, 7 * Tiny, -3 * Tiny, 3 * Tiny, 2 * Tiny, 2 * Tiny, 8 * Tiny, 0, 2 * Tiny, 2 * Tiny, 0, 8 * Tiny]),
        Make("adaptive avg: subnormal means are exact", AdaptiveOp.Of2d(false, (2, 2)), (1, 1, 4, 4), [.. Enumerable.Range(0, 16).Select(i => (4 * i + 1) * Tiny)]),
        Make("adaptive max: subnormals, NaN and -inf", AdaptiveOp.Of2d(true, (2, 3)), (1, 1, 4, 4), [Tiny, -Tiny, 2 * Tiny, Nan, -Inf, -Inf, 3 * Tiny, 0, -0f, -Tiny, Nan, 5 * Tiny, 1, -Inf, 4 * Tiny, Tiny]),
        Make("global avg: mean of subnormals is exact", GlobalAvg, (2, 1, 8, 8), [.. Enumerable.Range(0, 128).Select(i => (2 * (i % 64) + 1) * Tiny)]),
        Make("global avg: inf, and inf - inf", GlobalAvg, (2, 1, 4, 4), [.. Enumerable.Range(0, 32).Select(i => i == 3 ? Inf : i == 20 || i == 29 ? (i == 20 ? Inf : -Inf) : 1f)]),
        Make("global max: NaN anywhere wins, the last NaN's index", GlobalMax, (1, 2, 64, 64), [.. Enumerable.Range(0, 8192).Select(i => i is 5 or 1000 or 4000 or 4200 or 8000 ? Nan : i % 97)]),
        Make("global max: all -inf answers the first position, ties of +inf the first", GlobalMax, (2, 1, 32, 32), [.. Enumerable.Range(0, 2048).Select(i => i < 1024 ? -Inf : i is 1500 or 1600 ? Inf : 0)]),
        Make("global max: subnormals and signed zeros", GlobalMax, (3, 1, 8, 8), [.. Subnormals(128, seed: 2), .. Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? -0f : 0f)]),
    ];

    private static GlobalOp GlobalAvg => new(Max: false);

    private static GlobalOp GlobalMax => new(Max: true);

    /// <summary>Random multiples of float.Epsilon up to 2^22 of them, both signs: all subnormal.</summary>
    private static float[] Subnormals(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => BitConverter.Int32BitsToSingle(random.Next(1, 1 << 22)) * (random.Next(2) == 0 ? -1 : 1))];
    }

    private static MaxPoolOp Max(Size2 kernel) => MaxPoolOp.Of(new MaxPool2dOptions(kernel));

    private static AvgPoolOp Avg(Size2 kernel) => AvgPoolOp.Of(new AvgPool2dOptions(kernel));

    /// <summary>The case with its input and a gradient of subnormal multiples of 8 (exact over divisors 1, 2, 4 and 8).</summary>
    private static NumericCase Make(string name, PoolOp op, (long N, long C, long H, long W) s, float[] x)
    {
        var c = new PoolCase(op, new TensorShape(s.N, s.C, s.H, s.W), DataKind.Special);
        long outputs = c.Reference(x).Shape.Length;
        return new NumericCase(name, c, x, [.. Enumerable.Range(0, (int)outputs).Select(i => 8 * (i + 1) * Tiny)]);
    }
}
