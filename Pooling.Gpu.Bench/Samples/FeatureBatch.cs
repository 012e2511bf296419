namespace Pooling.Gpu.Samples;

/// <summary>
/// A batch of random feature maps with a label each, as a CNN body would hand them to its head.
/// The label is learnable: the channels <c>c</c> with <c>c % classes == label</c> are brighter.
/// </summary>
internal sealed record FeatureBatch(TensorShape Shape, int Classes, float[] Maps, int[] Labels)
{
    /// <summary>How much brighter the label's channels are than the rest (values are uniform in [-1, 1)).</summary>
    private const float Signal = 0.5f;

    /// <summary>A reproducible batch: the same arguments give the same maps and labels.</summary>
    internal static FeatureBatch Random(TensorShape shape, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, (int)shape.N).Select(n => n % classes).ToArray();
        var maps = new float[shape.Length];
        for (long i = 0; i < maps.Length; i++)
        {
            long plane = i / shape.PlaneLength;
            bool labelled = plane % shape.C % classes == labels[plane / shape.C];
            maps[i] = (random.NextSingle() * 2f) - 1f + (labelled ? Signal : 0f);
        }

        return new FeatureBatch(shape, classes, maps, labels);
    }
}
