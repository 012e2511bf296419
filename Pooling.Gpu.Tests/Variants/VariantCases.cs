namespace Pooling.Gpu.Tests;

/// <summary>
/// The variant grid: every fourth forward case (so every op, option kind and shape edge still
/// appears) in float64, float16 and bfloat16, each channels-first and channels-last, and in
/// float32 channels-last.
/// </summary>
public static class VariantCases
{
    private static readonly (ElementType, TensorLayout)[] Variants =
    [
        (ElementType.Float32, TensorLayout.ChannelsLast),
        (ElementType.Float64, TensorLayout.ChannelsFirst),
        (ElementType.Float64, TensorLayout.ChannelsLast),
        (ElementType.Float16, TensorLayout.ChannelsFirst),
        (ElementType.Float16, TensorLayout.ChannelsLast),
        (ElementType.BFloat16, TensorLayout.ChannelsFirst),
        (ElementType.BFloat16, TensorLayout.ChannelsLast),
    ];

    public static IEnumerable<VariantCase> All =>
        ForwardCases.All
            .Where((_, i) => i % 4 == 0)
            .SelectMany((c, i) => new[] { Variants[i % Variants.Length], Variants[(i + 3) % Variants.Length] }.Select(v => new VariantCase(c, v.Item1, v.Item2)));
}
