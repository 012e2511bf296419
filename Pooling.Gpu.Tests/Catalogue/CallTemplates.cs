using System.Linq.Expressions;
using ILGPU.Runtime;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One valid call of every public method of <see cref="PoolingEngine"/> and of every layer (each
/// layer type calls the <see cref="PoolLayer{T}"/> methods on its own). Every argument is given,
/// the stream too, so that a stream of another accelerator is among the derived bad calls.
/// <see cref="PoolingEngine.Upload{T}(ReadOnlySpan{T}, TensorShape)"/> takes a span, which an
/// expression tree cannot hold: its entries are written by hand in <see cref="BadInputCatalogue"/>.
/// </summary>
public static class CallTemplates
{
    public static IReadOnlyList<CallTemplate> All { get; } = [.. Engine.Concat(Layers).Select(call => new CallTemplate(call))];

    private static IEnumerable<Expression<Action<CatalogueFixture>>> Engine =>
    [
        f => f.Engine.Allocate<float>(CatalogueFixture.InputShape),
        f => f.Engine.Wrap(f.Output.View, CatalogueFixture.PooledShape),
        f => f.Engine.Wrap(f.Output.View.AsDense(), CatalogueFixture.PooledShape),

        f => f.Engine.MaxPool2d(f.Input, CatalogueFixture.Max, f.Stream),
        f => f.Engine.MaxPool2d(f.Input, CatalogueFixture.Max, f.Output, f.Stream),
        f => f.Engine.MaxPool2dWithIndices(f.Input, CatalogueFixture.Max, f.Stream),
        f => f.Engine.MaxPool2dWithIndices(f.Input, CatalogueFixture.Max, f.Output, f.Indices, f.Stream),
        f => f.Engine.MaxPool2d(f.Input, CatalogueFixture.Max, f.Output, f.MaxCompact, f.Stream),
        f => f.Engine.AllocateMaxPoolIndices(CatalogueFixture.InputShape, CatalogueFixture.Max),
        f => f.Engine.MaxPool2dBackward(f.GradOutput, f.TorchIndices, CatalogueFixture.Max, f.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.GradOutput, f.MaxCompact, f.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.GradOutput, f.MaxCompact, f.Stream),
        f => f.Engine.ToTorchIndices(f.MaxCompact, f.Indices, f.Stream),

        f => f.Engine.AvgPool2d(f.Input, CatalogueFixture.Avg, f.Stream),
        f => f.Engine.AvgPool2d(f.Input, CatalogueFixture.Avg, f.Output, f.Stream),
        f => f.Engine.AvgPool2dBackward(f.GradOutput, CatalogueFixture.Avg, f.GradInput, f.Stream),

        f => f.Engine.AdaptiveAvgPool2d(f.Input, CatalogueFixture.Adaptive, f.Stream),
        f => f.Engine.AdaptiveAvgPool2d(f.Input, CatalogueFixture.Adaptive, f.Output, f.Stream),
        f => f.Engine.AdaptiveAvgPool2dBackward(f.GradOutput, f.GradInput, f.Stream),
        f => f.Engine.AdaptiveMaxPool2d(f.Input, CatalogueFixture.Adaptive, f.Stream),
        f => f.Engine.AdaptiveMaxPool2d(f.Input, CatalogueFixture.Adaptive, f.Output, f.Stream),
        f => f.Engine.AdaptiveMaxPool2dWithIndices(f.Input, CatalogueFixture.Adaptive, f.Stream),
        f => f.Engine.AdaptiveMaxPool2dWithIndices(f.Input, CatalogueFixture.Adaptive, f.Output, f.Indices, f.Stream),
        f => f.Engine.AdaptiveMaxPool2d(f.Input, CatalogueFixture.Adaptive, f.Output, f.AdaptiveCompact, f.Stream),
        f => f.Engine.AllocateAdaptiveMaxPoolIndices(CatalogueFixture.InputShape, CatalogueFixture.Adaptive),
        f => f.Engine.AdaptiveMaxPool2dBackward(f.GradOutput, f.TorchIndices, f.GradInput, f.Stream),

        f => f.Engine.GlobalAvgPool2d(f.Input, f.Stream),
        f => f.Engine.GlobalAvgPool2d(f.Input, f.GlobalOutput, f.Stream),
        f => f.Engine.GlobalAvgPool2dBackward(f.GlobalGradOutput, f.GradInput, f.Stream),
        f => f.Engine.GlobalMaxPool2d(f.Input, f.Stream),
        f => f.Engine.GlobalMaxPool2d(f.Input, f.GlobalOutput, f.Stream),
        f => f.Engine.GlobalMaxPool2dWithIndices(f.Input, f.Stream),
        f => f.Engine.GlobalMaxPool2dWithIndices(f.Input, f.GlobalOutput, f.GlobalIndices, f.Stream),
        f => f.Engine.GlobalMaxPool2d(f.Input, f.GlobalOutput, f.GlobalCompact, f.Stream),
        f => f.Engine.AllocateGlobalMaxPoolIndices(CatalogueFixture.InputShape),
        f => f.Engine.GlobalMaxPool2dBackward(f.GlobalGradOutput, f.GlobalTorchIndices, f.GradInput, f.Stream),

        f => f.Engine.ToLayout(f.Input, TensorLayout.ChannelsLast, f.Stream),
        f => f.Engine.ConvertLayout(f.Input, f.InputChannelsLast, f.Stream),
    ];

    /// <summary>Each layer (a fixture property) with the output and output gradient of its shape.</summary>
    private static IEnumerable<Expression<Action<CatalogueFixture>>> Layers =>
        new[]
        {
            (nameof(CatalogueFixture.MaxLayer), nameof(CatalogueFixture.Output), nameof(CatalogueFixture.GradOutput)),
            (nameof(CatalogueFixture.AvgLayer), nameof(CatalogueFixture.Output), nameof(CatalogueFixture.GradOutput)),
            (nameof(CatalogueFixture.AdaptiveMaxLayer), nameof(CatalogueFixture.Output), nameof(CatalogueFixture.GradOutput)),
            (nameof(CatalogueFixture.AdaptiveAvgLayer), nameof(CatalogueFixture.Output), nameof(CatalogueFixture.GradOutput)),
            (nameof(CatalogueFixture.GlobalMaxLayer), nameof(CatalogueFixture.GlobalOutput), nameof(CatalogueFixture.GlobalGradOutput)),
            (nameof(CatalogueFixture.GlobalAvgLayer), nameof(CatalogueFixture.GlobalOutput), nameof(CatalogueFixture.GlobalGradOutput)),
        }.SelectMany(layer => LayerCalls(layer.Item1, layer.Item2, layer.Item3));

    /// <summary>The four public calls of a layer; the layer keeps its own type, so that each layer type is covered on its own.</summary>
    private static IEnumerable<Expression<Action<CatalogueFixture>>> LayerCalls(string layer, string output, string gradOutput)
    {
        var f = Expression.Parameter(typeof(CatalogueFixture), "f");
        Expression Property(string name) => Expression.Property(f, name);
        Expression<Action<CatalogueFixture>> Call(string method, params string[] arguments)
        {
            var values = arguments.Select(Property).ToArray();
            var info = typeof(PoolLayer<float>).GetMethod(method, [.. values.Select(v => v.Type)])!;
            return Expression.Lambda<Action<CatalogueFixture>>(Expression.Call(Property(layer), info, values), f);
        }

        string input = nameof(CatalogueFixture.Input), gradInput = nameof(CatalogueFixture.GradInput), stream = nameof(CatalogueFixture.Stream);
        return
        [
            Call(nameof(PoolLayer<float>.Forward), input, stream),
            Call(nameof(PoolLayer<float>.Forward), input, output, stream),
            Call(nameof(PoolLayer<float>.Backward), gradOutput, stream),
            Call(nameof(PoolLayer<float>.Backward), gradOutput, gradInput, stream),
        ];
    }
}
