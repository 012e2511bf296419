using System.Reflection;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Shapes that break a rule, made from the valid argument's so that they keep its rank, batching
/// and layout: an input, an input's shape or a backward's gradInput with C (where the op refuses
/// it) or one spatial dim empty; an output, indices or gradient with another channel count, and so a backward's input
/// (it must be the forward's); fractional pooling's samples for another channel count; compact
/// indices made for another input.
/// </summary>
public static class ShapeSubstitutes
{
    public static IEnumerable<Substitute> For(CallTemplate template, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        string name = parameter.Name!;
        bool tensor = ArgumentSubstitutes.IsTensor(type);
        bool emptyable = name == "input" && (type == typeof(TensorShape) || tensor && Pools(template)) || tensor && name == "gradInput";
        foreach (string dim in emptyable ? CatalogueShapes.NonBatchDims(template.SpatialRank).Where(d => d != "C" || !AcceptsEmptyChannels(template)) : [])
        {
            // Backward calls that take the input's shape from gradInput check it with the forward
            // shape rules, which name the forward's input, as PyTorch does.
            string blamed = name == "gradInput" && !KnowsTheInputShape(template) ? "input" : name;
            yield return new(
                $"with {dim} = 0",
                (f, a) => a is TensorShape shape ? CatalogueShapes.WithEmpty(shape, dim) : f.TensorLike(a, CatalogueShapes.WithEmpty(CatalogueShapes.Of(a), dim)),
                typeof(ArgumentException),
                blamed,
                MessageOf: a => CatalogueShapes.WithEmpty(CatalogueShapes.Of(a), dim).ToString());
        }

        if (tensor && (name is "output" or "indices" or "torchIndices" or "gradOutput" or "gradInput" || name == "input" && IsBackward(template)))
        {
            // Another channel count: no other argument can make it fit. A gradInput that disagrees with
            // gradOutput is blamed on gradOutput where gradInput is what gives the input's shape.
            string blamed = name == "gradInput" && !KnowsTheInputShape(template) ? "gradOutput" : name;
            bool unpoolIndices = name == "indices" && UnpoolIndexEntries.TakesUnpoolIndices(template);
            yield return new(
                "of another shape",
                (f, a) => f.TensorLike(a, CatalogueShapes.WithChannels(CatalogueShapes.Of(a), CatalogueShapes.Of(a).C + 1)),
                typeof(ArgumentException),
                blamed,
                unpoolIndices ? "Expected shape of indices to be same as that of the input tensor" : "has shape");
        }

        if (tensor && name == "samples")
        {
            yield return new(
                "of another shape",
                (f, a) => f.TensorLike(a, CatalogueShapes.WithChannels(CatalogueShapes.Of(a), CatalogueShapes.Of(a).C + 1)),
                typeof(ArgumentException),
                name,
                "Expect _random_samples.size(1) equals to input channel size.");
        }

        if (type == typeof(MaxPoolIndices) && template.Parameters.Any(p => p.Name == "input"))
        {
            yield return new("made for another input", (f, a) => f.AnotherInputTwin((MaxPoolIndices)a), typeof(ArgumentException), name, "indices were made for input");
        }
    }

    /// <summary>
    /// Whether the call is adaptive average pooling in 1D or 2D (global average pooling and its layer
    /// too), which takes a batched input with C = 0, as PyTorch 1.13 does (EmptyChannelTests).
    /// </summary>
    private static bool AcceptsEmptyChannels(CallTemplate template) =>
        template.TargetType.IsGenericType
            ? template.TargetType.GetGenericTypeDefinition() is var layer && (layer == typeof(AdaptiveAvgPool1d<>) || layer == typeof(AdaptiveAvgPool2d<>) || layer == typeof(GlobalAvgPool2d<>))
            : template.Method.Name.StartsWith("AdaptiveAvgPool1d", StringComparison.Ordinal)
                || template.Method.Name.StartsWith("AdaptiveAvgPool2d", StringComparison.Ordinal)
                || template.Method.Name.StartsWith("GlobalAvgPool2d", StringComparison.Ordinal);

    /// <summary>Whether the call pools (a layer, or an engine op other than a layout conversion), so that its input needs non-empty C and spatial dims.</summary>
    private static bool Pools(CallTemplate template) =>
        template.TargetType != typeof(PoolingEngine) || template.Method.Name.Contains("pool", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the call is a backward that also takes the forward's input (lp_pool's).</summary>
    internal static bool IsBackward(CallTemplate template) => template.Parameters.Any(p => p.Name == "gradInput");

    /// <summary>Whether the call knows the forward input's shape besides gradInput: from compact indices, or a layer's last forward.</summary>
    private static bool KnowsTheInputShape(CallTemplate template) =>
        template.TargetType.IsSubclassOf(typeof(Layer<float>)) || template.Parameters.Any(p => p.ParameterType == typeof(MaxPoolIndices));
}
