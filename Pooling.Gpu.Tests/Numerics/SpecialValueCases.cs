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
        Max("max: NaN propagates, its index is the last NaN's", (1, 1, 2, 2), 2, [Nan, 1, Nan, 2]),
        Max("max: an all -inf window answers its first position", (1, 1, 2, 4), 2, [-Inf, -Inf, -Inf, -Inf, -Inf, 3, -Inf, -Inf]),
        Max("max: +inf beats numbers, NaN beats +inf, the first +inf wins", (1, 1, 2, 4), 2, [1, Inf, Inf, 2, Nan, Inf, Inf, 2]),
        Max("max: signed zeros, the first wins", (1, 1, 2, 4), (1, 2), [0f, -0f, -0f, 0f, -0f, -0f, 0f, 0f]),
        Max("max: subnormals pass through exactly", (2, 2, 4, 6), 2, Subnormals(96, seed: 1)),
        Avg("avg: inf, -inf and NaN", (1, 1, 1, 8), (1, 2), [Inf, 1, Inf, -Inf, Nan, 1, -Inf, -Inf]),
        Avg("avg: subnormal means are exact", (1, 2, 2, 4), 2, [Tiny, 3 * Tiny, 9 * Tiny, 7 * Tiny, 5 * Tiny, 7 * Tiny, -3 * Tiny, 3 * Tiny, 2 * Tiny, 2 * Tiny, 8 * Tiny, 0, 2 * Tiny, 2 * Tiny, 0, 8 * Tiny]),
        Adaptive(PoolOp.AdaptiveAvgPool2d, "adaptive avg: subnormal means are exact", (1, 1, 4, 4), (2, 2), [.. Enumerable.Range(0, 16).Select(i => (4 * i + 1) * Tiny)]),
        Adaptive(PoolOp.AdaptiveMaxPool2d, "adaptive max: subnormals, NaN and -inf", (1, 1, 4, 4), (2, 3), [Tiny, -Tiny, 2 * Tiny, Nan, -Inf, -Inf, 3 * Tiny, 0, -0f, -Tiny, Nan, 5 * Tiny, 1, -Inf, 4 * Tiny, Tiny]),
        Global(PoolOp.GlobalAvgPool2d, "global avg: mean of subnormals is exact", (2, 1, 8, 8), [.. Enumerable.Range(0, 128).Select(i => (2 * (i % 64) + 1) * Tiny)]),
        Global(PoolOp.GlobalAvgPool2d, "global avg: inf, and inf - inf", (2, 1, 4, 4), [.. Enumerable.Range(0, 32).Select(i => i == 3 ? Inf : i == 20 || i == 29 ? (i == 20 ? Inf : -Inf) : 1f)]),
        Global(PoolOp.GlobalMaxPool2d, "global max: NaN anywhere wins, the last NaN's index", (1, 2, 64, 64), [.. Enumerable.Range(0, 8192).Select(i => i is 5 or 1000 or 4000 or 4200 or 8000 ? Nan : i % 97)]),
        Global(PoolOp.GlobalMaxPool2d, "global max: all -inf answers the first position, ties of +inf the first", (2, 1, 32, 32), [.. Enumerable.Range(0, 2048).Select(i => i < 1024 ? -Inf : i is 1500 or 1600 ? Inf : 0)]),
        Global(PoolOp.GlobalMaxPool2d, "global max: subnormals and signed zeros", (3, 1, 8, 8), [.. Subnormals(128, seed: 2), .. Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? -0f : 0f)]),
    ];

    /// <summary>Random multiples of float.Epsilon up to 2^22 of them, both signs: all subnormal.</summary>
    private static float[] Subnormals(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => BitConverter.Int32BitsToSingle(random.Next(1, 1 << 22)) * (random.Next(2) == 0 ? -1 : 1))];
    }

    private static NumericCase Max(string name, (long N, long C, long H, long W) shape, Size2 kernel, float[] x) =>
        Make(name, new ForwardCase(PoolOp.MaxPool2d, Shape(shape), DataKind.Special, Max: new MaxPool2dOptions(kernel)), x);

    private static NumericCase Avg(string name, (long N, long C, long H, long W) shape, Size2 kernel, float[] x) =>
        Make(name, new ForwardCase(PoolOp.AvgPool2d, Shape(shape), DataKind.Special, Avg: new AvgPool2dOptions(kernel)), x);

    private static NumericCase Adaptive(PoolOp op, string name, (long N, long C, long H, long W) shape, Size2 output, float[] x) =>
        Make(name, new ForwardCase(op, Shape(shape), DataKind.Special, OutputSize: output), x);

    private static NumericCase Global(PoolOp op, string name, (long N, long C, long H, long W) shape, float[] x) =>
        Make(name, new ForwardCase(op, Shape(shape), DataKind.Special), x);

    /// <summary>The case with its input and a gradient of subnormal multiples of 8 (exact over divisors 1, 2, 4 and 8).</summary>
    private static NumericCase Make(string name, ForwardCase c, float[] x)
    {
        long outputs = c.Reference(x).Shape.Length;
        return new NumericCase(name, c, x, [.. Enumerable.Range(0, (int)outputs).Select(i => 8 * (i + 1) * Tiny)]);
    }

    private static TensorShape Shape((long N, long C, long H, long W) s) => new(s.N, s.C, s.H, s.W);
}
