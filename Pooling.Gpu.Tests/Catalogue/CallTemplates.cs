using System.Linq.Expressions;
using ILGPU.Runtime;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One valid call of every public method of <see cref="PoolingEngine"/> and of every layer (each
/// layer type calls the <see cref="PoolLayer{T}"/> methods on its own), 1D and 3D ops on tensors
/// of their rank. Every argument is given, the stream too, so that a stream of another
/// accelerator is among the derived bad calls. The shared methods of compact indices
/// (MaxPoolBackward, ToTorchIndices) are called with indices of every rank.
/// <see cref="PoolingEngine.Upload{T}(ReadOnlySpan{T}, TensorShape)"/> takes a span, which an
/// expression tree cannot hold: its entries are written by hand in <see cref="BadInputCatalogue"/>.
/// </summary>
public static class CallTemplates
{
    public static IReadOnlyList<CallTemplate> All { get; } =
        [.. Engine.Select(call => new CallTemplate(call)), .. Lines.Select(call => new CallTemplate(call, 1)), .. Volumes.Select(call => new CallTemplate(call, 3)), .. Layers, .. Unpooling];

    private static IEnumerable<Expression<Action<CatalogueFixture>>> Engine =>
    [
        f => f.Engine.Allocate<float>(CatalogueFixture.InputShape),
        f => f.Engine.Wrap(f.Output.View, CatalogueFixture.PooledShape),
        f => f.Engine.Wrap(f.Output.View.AsDense(), CatalogueFixture.PooledShape),

        f => f.Engine.MaxPool(f.Input, CatalogueFixture.Max, f.Stream),
        f => f.Engine.MaxPool(f.Input, CatalogueFixture.Max, f.Output, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Input, CatalogueFixture.Max, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Input, CatalogueFixture.Max, f.Output, f.Indices, f.Stream),
        f => f.Engine.MaxPool(f.Input, CatalogueFixture.Max, f.Output, f.MaxCompact, f.Stream),
        f => f.Engine.AllocateMaxPoolIndices(CatalogueFixture.InputShape, CatalogueFixture.Max),
        f => f.Engine.MaxPoolBackward(f.GradOutput, f.TorchIndices, CatalogueFixture.Max, f.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.GradOutput, f.MaxCompact, f.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.GradOutput, f.MaxCompact, f.Stream),
        f => f.Engine.ToTorchIndices(f.MaxCompact, f.Indices, f.Stream),

        f => f.Engine.AvgPool(f.Input, CatalogueFixture.Avg, f.Stream),
        f => f.Engine.AvgPool(f.Input, CatalogueFixture.Avg, f.Output, f.Stream),
        f => f.Engine.AvgPoolBackward(f.GradOutput, CatalogueFixture.Avg, f.GradInput, f.Stream),

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

        f => f.Engine.LPPool(f.Input, CatalogueFixture.Lp2d, f.Stream),
        f => f.Engine.LPPool(f.Input, CatalogueFixture.Lp2d, f.Output, f.Stream),
        f => f.Engine.LPPoolBackward(f.GradOutput, f.Input, f.Output, CatalogueFixture.Lp2d, f.GradInput, f.Stream),

        // Unpooling runs the other way: the gradient of its output has the shape of f.Input, that of its input the pooled shape.
        f => f.Engine.MaxUnpool(f.Pooled, f.UnpoolIndices, CatalogueFixture.Unpool, f.Stream),
        f => f.Engine.MaxUnpool(f.Pooled, f.UnpoolIndices, CatalogueFixture.Unpool, f.Unpooled, f.Stream),
        f => f.Engine.MaxUnpoolBackward(f.Input, f.UnpoolIndices, CatalogueFixture.Unpool, f.Output, f.Stream),

        f => f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Stream, f.FractionalSamples),
        f => f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.Stream, f.FractionalSamples),
        f => f.Engine.FractionalMaxPool2dWithIndices(f.Input, CatalogueFixture.Fractional2d, f.Stream, f.FractionalSamples),
        f => f.Engine.FractionalMaxPool2dWithIndices(f.Input, CatalogueFixture.Fractional2d, f.Output, f.Indices, f.Stream, f.FractionalSamples),
        f => f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.FractionalCompact, f.Stream),
        f => f.Engine.AllocateFractionalMaxPoolIndices<float>(CatalogueFixture.InputShape, CatalogueFixture.Fractional2d),
        f => f.Engine.FractionalMaxPool2dBackward(f.GradOutput, f.TorchIndices, CatalogueFixture.Fractional2d, f.GradInput, f.Stream, f.FractionalSamples),

        f => f.Engine.ToLayout(f.Input, TensorLayout.ChannelsLast, f.Stream),
        f => f.Engine.Contiguous(f.Input, f.Stream),
        f => f.Engine.ConvertLayout(f.Input, f.InputChannelsLast, f.Stream),
    ];

    /// <summary>The 1D ops: (2, 3, 8) pooled to (2, 3, 4), and unpooled back.</summary>
    private static IEnumerable<Expression<Action<CatalogueFixture>>> Lines =>
    [
        f => f.Engine.MaxPool(f.Line.Input, CatalogueFixture.Max1d, f.Stream),
        f => f.Engine.MaxPool(f.Line.Input, CatalogueFixture.Max1d, f.Line.Output, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Line.Input, CatalogueFixture.Max1d, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Line.Input, CatalogueFixture.Max1d, f.Line.Output, f.Line.Indices, f.Stream),
        f => f.Engine.MaxPool(f.Line.Input, CatalogueFixture.Max1d, f.Line.Output, f.Line.Compact, f.Stream),
        f => f.Engine.AllocateMaxPoolIndices(CatalogueFixture.LineShape, CatalogueFixture.Max1d),
        f => f.Engine.MaxPoolBackward(f.Line.GradOutput, f.Line.TorchIndices, CatalogueFixture.Max1d, f.Line.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.Line.GradOutput, f.Line.Compact, f.Line.GradInput, f.Stream),
        f => f.Engine.ToTorchIndices(f.Line.Compact, f.Line.Indices, f.Stream),

        f => f.Engine.AvgPool(f.Line.Input, CatalogueFixture.Avg1d, f.Stream),
        f => f.Engine.AvgPool(f.Line.Input, CatalogueFixture.Avg1d, f.Line.Output, f.Stream),
        f => f.Engine.AvgPoolBackward(f.Line.GradOutput, CatalogueFixture.Avg1d, f.Line.GradInput, f.Stream),

        f => f.Engine.AdaptiveAvgPool1d(f.Line.Input, CatalogueFixture.Adaptive1d, f.Stream),
        f => f.Engine.AdaptiveAvgPool1d(f.Line.Input, CatalogueFixture.Adaptive1d, f.Line.Output, f.Stream),
        f => f.Engine.AdaptiveAvgPool1dBackward(f.Line.GradOutput, f.Line.GradInput, f.Stream),
        f => f.Engine.AdaptiveMaxPool1d(f.Line.Input, CatalogueFixture.Adaptive1d, f.Stream),
        f => f.Engine.AdaptiveMaxPool1d(f.Line.Input, CatalogueFixture.Adaptive1d, f.Line.Output, f.Stream),
        f => f.Engine.AdaptiveMaxPool1dWithIndices(f.Line.Input, CatalogueFixture.Adaptive1d, f.Stream),
        f => f.Engine.AdaptiveMaxPool1dWithIndices(f.Line.Input, CatalogueFixture.Adaptive1d, f.Line.Output, f.Line.Indices, f.Stream),
        f => f.Engine.AdaptiveMaxPool1d(f.Line.Input, CatalogueFixture.Adaptive1d, f.Line.Output, f.Line.AdaptiveCompact, f.Stream),
        f => f.Engine.AllocateAdaptiveMaxPool1dIndices(CatalogueFixture.LineShape, CatalogueFixture.Adaptive1d),
        f => f.Engine.AdaptiveMaxPool1dBackward(f.Line.GradOutput, f.Line.TorchIndices, f.Line.GradInput, f.Stream),

        f => f.Engine.LPPool(f.Line.Input, CatalogueFixture.Lp1d, f.Stream),
        f => f.Engine.LPPool(f.Line.Input, CatalogueFixture.Lp1d, f.Line.Output, f.Stream),
        f => f.Engine.LPPoolBackward(f.Line.GradOutput, f.Line.Input, f.Line.Output, CatalogueFixture.Lp1d, f.Line.GradInput, f.Stream),

        f => f.Engine.MaxUnpool(f.Line.Pooled, f.Line.UnpoolIndices, CatalogueFixture.Unpool1d, f.Stream),
        f => f.Engine.MaxUnpool(f.Line.Pooled, f.Line.UnpoolIndices, CatalogueFixture.Unpool1d, f.Line.Unpooled, f.Stream),
        f => f.Engine.MaxUnpoolBackward(f.Line.Input, f.Line.UnpoolIndices, CatalogueFixture.Unpool1d, f.Line.Output, f.Stream),
    ];

    /// <summary>The 3D ops: (2, 3, 4, 6, 6) pooled to (2, 3, 2, 3, 3), and unpooled back.</summary>
    private static IEnumerable<Expression<Action<CatalogueFixture>>> Volumes =>
    [
        f => f.Engine.MaxPool(f.Volume.Input, CatalogueFixture.Max3d, f.Stream),
        f => f.Engine.MaxPool(f.Volume.Input, CatalogueFixture.Max3d, f.Volume.Output, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Volume.Input, CatalogueFixture.Max3d, f.Stream),
        f => f.Engine.MaxPoolWithIndices(f.Volume.Input, CatalogueFixture.Max3d, f.Volume.Output, f.Volume.Indices, f.Stream),
        f => f.Engine.MaxPool(f.Volume.Input, CatalogueFixture.Max3d, f.Volume.Output, f.Volume.Compact, f.Stream),
        f => f.Engine.AllocateMaxPoolIndices(CatalogueFixture.VolumeShape, CatalogueFixture.Max3d),
        f => f.Engine.MaxPoolBackward(f.Volume.GradOutput, f.Volume.TorchIndices, CatalogueFixture.Max3d, f.Volume.GradInput, f.Stream),
        f => f.Engine.MaxPoolBackward(f.Volume.GradOutput, f.Volume.AdaptiveCompact, f.Volume.GradInput, f.Stream),
        f => f.Engine.ToTorchIndices(f.Volume.AdaptiveCompact, f.Volume.Indices, f.Stream),

        f => f.Engine.AvgPool(f.Volume.Input, CatalogueFixture.Avg3d, f.Stream),
        f => f.Engine.AvgPool(f.Volume.Input, CatalogueFixture.Avg3d, f.Volume.Output, f.Stream),
        f => f.Engine.AvgPoolBackward(f.Volume.GradOutput, CatalogueFixture.Avg3d, f.Volume.GradInput, f.Stream),

        f => f.Engine.AdaptiveAvgPool3d(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Stream),
        f => f.Engine.AdaptiveAvgPool3d(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Volume.Output, f.Stream),
        f => f.Engine.AdaptiveAvgPool3dBackward(f.Volume.GradOutput, f.Volume.GradInput, f.Stream),
        f => f.Engine.AdaptiveMaxPool3d(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Stream),
        f => f.Engine.AdaptiveMaxPool3d(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Volume.Output, f.Stream),
        f => f.Engine.AdaptiveMaxPool3dWithIndices(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Stream),
        f => f.Engine.AdaptiveMaxPool3dWithIndices(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Volume.Output, f.Volume.Indices, f.Stream),
        f => f.Engine.AdaptiveMaxPool3d(f.Volume.Input, CatalogueFixture.Adaptive3d, f.Volume.Output, f.Volume.AdaptiveCompact, f.Stream),
        f => f.Engine.AllocateAdaptiveMaxPool3dIndices(CatalogueFixture.VolumeShape, CatalogueFixture.Adaptive3d),
        f => f.Engine.AdaptiveMaxPool3dBackward(f.Volume.GradOutput, f.Volume.TorchIndices, f.Volume.GradInput, f.Stream),

        f => f.Engine.LPPool(f.Volume.Input, CatalogueFixture.Lp3d, f.Stream),
        f => f.Engine.LPPool(f.Volume.Input, CatalogueFixture.Lp3d, f.Volume.Output, f.Stream),
        f => f.Engine.LPPoolBackward(f.Volume.GradOutput, f.Volume.Input, f.Volume.Output, CatalogueFixture.Lp3d, f.Volume.GradInput, f.Stream),

        f => f.Engine.MaxUnpool(f.Volume.Pooled, f.Volume.UnpoolIndices, CatalogueFixture.Unpool3d, f.Stream),
        f => f.Engine.MaxUnpool(f.Volume.Pooled, f.Volume.UnpoolIndices, CatalogueFixture.Unpool3d, f.Volume.Unpooled, f.Stream),
        f => f.Engine.MaxUnpoolBackward(f.Volume.Input, f.Volume.UnpoolIndices, CatalogueFixture.Unpool3d, f.Volume.Output, f.Stream),

        f => f.Engine.FractionalMaxPool3d(f.Volume.Input, CatalogueFixture.Fractional3d, f.Stream, f.VolumeFractionalSamples),
        f => f.Engine.FractionalMaxPool3d(f.Volume.Input, CatalogueFixture.Fractional3d, f.Volume.Output, f.Stream, f.VolumeFractionalSamples),
        f => f.Engine.FractionalMaxPool3dWithIndices(f.Volume.Input, CatalogueFixture.Fractional3d, f.Stream, f.VolumeFractionalSamples),
        f => f.Engine.FractionalMaxPool3dWithIndices(f.Volume.Input, CatalogueFixture.Fractional3d, f.Volume.Output, f.Volume.Indices, f.Stream, f.VolumeFractionalSamples),
        f => f.Engine.FractionalMaxPool3d(f.Volume.Input, CatalogueFixture.Fractional3d, f.Volume.Output, f.VolumeFractionalCompact, f.Stream),
        f => f.Engine.AllocateFractionalMaxPoolIndices<float>(CatalogueFixture.VolumeShape, CatalogueFixture.Fractional3d),
        f => f.Engine.FractionalMaxPool3dBackward(f.Volume.GradOutput, f.Volume.TorchIndices, CatalogueFixture.Fractional3d, f.Volume.GradInput, f.Stream, f.VolumeFractionalSamples),
    ];

    /// <summary>Each layer (a fixture property) with the tensors of its rank.</summary>
    private static IEnumerable<CallTemplate> Layers =>
        from layer in new (string Layer, int Rank, string Tensors, string Output, string GradOutput)[]
        {
            (nameof(CatalogueFixture.MaxLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AvgLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveMaxLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveAvgLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.GlobalMaxLayer), 2, "", "GlobalOutput", "GlobalGradOutput"),
            (nameof(CatalogueFixture.GlobalAvgLayer), 2, "", "GlobalOutput", "GlobalGradOutput"),
            (nameof(CatalogueFixture.LpLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.FractionalLayer), 2, "", "Output", "GradOutput"),
            (nameof(CatalogueFixture.MaxLayer1d), 1, "Line.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AvgLayer1d), 1, "Line.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveMaxLayer1d), 1, "Line.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveAvgLayer1d), 1, "Line.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.LpLayer1d), 1, "Line.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.MaxLayer3d), 3, "Volume.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AvgLayer3d), 3, "Volume.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveMaxLayer3d), 3, "Volume.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.AdaptiveAvgLayer3d), 3, "Volume.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.LpLayer3d), 3, "Volume.", "Output", "GradOutput"),
            (nameof(CatalogueFixture.FractionalLayer3d), 3, "Volume.", "Output", "GradOutput"),
        }
        from call in LayerCalls(layer.Layer, [layer.Tensors + "Input"], layer.Tensors + layer.Output, layer.Tensors + layer.GradOutput, layer.Tensors + "GradInput")
        select new CallTemplate(call, layer.Rank);

    /// <summary>
    /// The four public calls of a layer; the layer keeps its own type, so that each layer type is
    /// covered on its own. Unpooling runs the other way: the pooled values and their indices in,
    /// the input's shape out.
    /// </summary>
    private static IEnumerable<Expression<Action<CatalogueFixture>>> LayerCalls(string layer, string[] inputs, string output, string gradOutput, string gradInput)
    {
        var f = Expression.Parameter(typeof(CatalogueFixture), "f");
        Expression Property(string path) => path.Split('.').Aggregate((Expression)f, Expression.Property);
        Expression<Action<CatalogueFixture>> Call(string method, params string[] arguments)
        {
            var target = Property(layer);
            var values = arguments.Select(Property).ToArray();
            var info = target.Type.GetMethod(method, [.. values.Select(v => v.Type)])!;
            return Expression.Lambda<Action<CatalogueFixture>>(Expression.Call(target, info, values), f);
        }

        string stream = nameof(CatalogueFixture.Stream);
        return
        [
            Call(nameof(PoolLayer<float>.Forward), [.. inputs, stream]),
            Call(nameof(PoolLayer<float>.Forward), [.. inputs, output, stream]),
            Call(nameof(Layer<float>.Backward), gradOutput, stream),
            Call(nameof(Layer<float>.Backward), gradOutput, gradInput, stream),
        ];
    }

    /// <summary>Each unpooling layer's calls: the pooled values of its rank and their indices back to the input's shape, and backward.</summary>
    private static IEnumerable<CallTemplate> Unpooling =>
        from layer in new (string Layer, int Rank, string Tensors)[]
        {
            (nameof(CatalogueFixture.UnpoolLayer), 2, ""),
            (nameof(CatalogueFixture.UnpoolLayer1d), 1, "Line."),
            (nameof(CatalogueFixture.UnpoolLayer3d), 3, "Volume."),
        }
        from call in LayerCalls(layer.Layer, [layer.Tensors + "Pooled", layer.Tensors + "UnpoolIndices"], layer.Tensors + "Unpooled", layer.Tensors + "Input", layer.Tensors + "Output")
        select new CallTemplate(call, layer.Rank);
}
