using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// max_unpool2d's index values, for the engine's calls and the unpooling layer's. Without a stream a call checks them on the device and refuses
/// the first one outside the output plane, before anything is written; with a stream nothing is
/// checked and such an index is skipped (UnpoolIndexTests). So these entries call without a
/// stream: a negative first index, and the plane's length (6x6: 36) as the last, the first value
/// past the end, so that a check off by one or one that stops early lets it through.
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
        long plane = CatalogueFixture.InputShape.PlaneLength;
        foreach (var (where, at, value) in new (string, long, long)[] { ("first", 0, -1), ("last", CatalogueFixture.PooledShape.Length - 1, plane) })
        {
            yield return new($"{template.Label}: indices with {value} {where}, without a stream", template.TargetType, template.Method, f =>
            {
                var arguments = template.Arguments(f);
                arguments[indices] = f.IndicesWith((DeviceTensor<long>)arguments[indices]!, at, value);
                arguments[stream] = null;
                return template.Invoke(template.Target(f), arguments);
            }, typeof(ArgumentException), "indices", $"Found an invalid max index: {value} (output volumes are of size 6x6)");
        }
    }

    /// <summary>Whether the call takes max_unpool's index tensor: the engine's max_unpool2d calls, and an unpooling layer's forward.</summary>
    public static bool TakesUnpoolIndices(CallTemplate template) =>
        template.Parameters.Any(p => p.Name == "indices")
        && (template.Method.Name.StartsWith(nameof(PoolingEngine.MaxUnpool2d), StringComparison.Ordinal) || template.TargetType.IsSubclassOf(typeof(MaxUnpoolLayer<float>)));

    private static int Position(CallTemplate template, string name) => template.Parameters.Single(p => p.Name == name).Position;
}
