using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool1d/2d/3d's index values, for the engine's calls and the unpooling layers'. Without a stream a call checks them on the device and
/// refuses the first one outside the output plane, before anything is written; with a stream
/// nothing is checked and such an index is skipped (UnpoolIndexTests). So these entries call
/// without a stream: a negative first index, and the plane's length (8 in 1D, 6x6: 36 in 2D,
/// 4x6x6: 144 in 3D) as the last, the first value past the end, so that a check off by one or one
/// that stops early lets it through.
/// </summary>
public static class UnpoolIndexEntries
{
    public static IEnumerable<BadCall> Derive(CallTemplate template)
    {
        if (!TakesUnpoolIndices(template))
        {
            yield break;
        }

        int indices = Position(template, "indices"), stream = Position(template, "stream");
        var (unpooled, pooled) = template.SpatialRank switch
        {
            1 => (CatalogueFixture.LineShape, CatalogueFixture.LinePooledShape),
            2 => (CatalogueFixture.InputShape, CatalogueFixture.PooledShape),
            _ => (CatalogueFixture.VolumeShape, CatalogueFixture.VolumePooledShape),
        };
        string size = template.SpatialRank switch
        {
            1 => $"{unpooled.W}x1",
            2 => $"{unpooled.H}x{unpooled.W}",
            _ => $"{unpooled.D}x{unpooled.H}x{unpooled.W}",
        };
        foreach (var (where, at, value) in new (string, long, long)[] { ("first", 0, -1), ("last", pooled.Length - 1, unpooled.PlaneLength) })
        {
            yield return new($"{template.Label}: indices with {value} {where}, without a stream", template.TargetType, template.Method, f =>
            {
                var arguments = template.Arguments(f);
                arguments[indices] = f.IndicesWith((DeviceTensor<long>)arguments[indices]!, at, value);
                arguments[stream] = null;
                return template.Invoke(template.Target(f), arguments);
            }, typeof(ArgumentException), "indices", $"Found an invalid max index: {value} (output volumes are of size {size})");
        }
    }

    private static int Position(CallTemplate template, string name) => template.Parameters.Single(p => p.Name == name).Position;

    /// <summary>Whether the call takes max_unpool's index tensor: the engine's max unpooling calls, and an unpooling layer's forward.</summary>
    public static bool TakesUnpoolIndices(CallTemplate template) =>
        template.Parameters.Any(p => p.Name == "indices")
        && (template.Method.Name.StartsWith("MaxUnpool", StringComparison.Ordinal) || template.TargetType.IsSubclassOf(typeof(MaxUnpoolLayer<float>)));
}
