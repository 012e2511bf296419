using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Bad input for every public method of the engine and the layers. Most entries are derived from
/// each method's valid call (<see cref="CallTemplates"/>) by replacing one thing
/// (<see cref="ArgumentSubstitutes"/>): a null argument, a disposed or foreign tensor, indices or
/// stream, options that do not fit the input, an output size below 1, an input or shape with C or
/// a spatial dim empty, a buffer of the wrong shape; or the object called, disposed; or, for
/// max unpooling, an index outside the output plane (<see cref="UnpoolIndexEntries"/>); or integer
/// tensors for an op that takes floating point ones (<see cref="IntegerEntries"/>). The rest
/// are written by hand below (fractional pooling's samples among them) and in <see cref="StridedEntries"/>. The shape rules' own wording is tested with PyTorch's messages in
/// RejectedCallTests, BackwardRejectionTests and OpRejectionTests.
/// </summary>
public static class BadInputCatalogue
{
    public static IEnumerable<BadCall> All => CallTemplates.All.SelectMany(Derive).Concat(HandWritten).Concat(StridedEntries.All);

    private static IEnumerable<BadCall> HandWritten
    {
        get
        {
            var upload = typeof(PoolingEngine).GetMethod(nameof(PoolingEngine.Upload))!;
            yield return new("PoolingEngine.Upload: disposed engine", typeof(PoolingEngine), upload,
                f => f.DisposedEngine.Upload<float>(new float[4], new TensorShape(1, 1, 2, 2)), typeof(ObjectDisposedException));
            yield return new("PoolingEngine.Upload: data of the wrong length", typeof(PoolingEngine), upload,
                f => f.Engine.Upload<float>(new float[3], new TensorShape(1, 1, 2, 2)), typeof(ArgumentException), "data", "Expected 4 elements for shape [1, 1, 2, 2], but got 3.");

            var copyFrom = typeof(DeviceTensor<float>).GetMethod(nameof(DeviceTensor<float>.CopyFrom))!;
            yield return new("DeviceTensor.CopyFrom: disposed tensor", typeof(DeviceTensor<float>), copyFrom,
                f => { ((DeviceTensor<float>)f.DisposedTwin(f.Input)).CopyFrom(new float[CatalogueFixture.InputShape.Length]); return null; }, typeof(ObjectDisposedException));
            var view = typeof(DeviceTensor<float>).GetProperty(nameof(DeviceTensor<float>.View))!.GetMethod!;
            yield return new("DeviceTensor.View: disposed tensor", typeof(DeviceTensor<float>), view,
                f => ((DeviceTensor<float>)f.DisposedTwin(f.Input)).View, typeof(ObjectDisposedException));

            yield return new("PoolingEngine.AdaptiveMaxPool2d(input, outputSize, output, indices, stream): indices of another input", typeof(PoolingEngine), Method(f => f.Engine.AdaptiveMaxPool2d(f.Input, 3, f.Output, f.AdaptiveCompact, null)),
                f => { f.Engine.AdaptiveMaxPool2d(f.Input, 3, f.Output, f.Own(f.Engine.AllocateAdaptiveMaxPoolIndices(new TensorShape(2, 3, 7, 6), 3)), null); return null; },
                typeof(ArgumentException), "indices", "indices were made for input [2, 3, 7, 6] -> output [2, 3, 3, 3] with other windows");
            yield return new("PoolingEngine.GlobalMaxPool2d(input, output, indices, stream): indices of another input", typeof(PoolingEngine), Method(f => f.Engine.GlobalMaxPool2d(f.Input, f.GlobalOutput, f.GlobalCompact, null)),
                f => { f.Engine.GlobalMaxPool2d(f.Input, f.GlobalOutput, f.Own(f.Engine.AllocateGlobalMaxPoolIndices(new TensorShape(2, 3, 6, 5))), null); return null; },
                typeof(ArgumentException), "indices", "indices were made for input [2, 3, 6, 5] -> output [2, 3, 1, 1] with other windows");

            foreach (var bad in FractionalEntries)
            {
                yield return bad;
            }

            foreach (var (type, make) in LayerConstructors)
            {
                var constructor = type.GetConstructors().Single();
                yield return new($"new {type.Name}(...): null engine", type, constructor, f => make(null!, false), typeof(ArgumentNullException), "engine");
                if (constructor.GetParameters().Any(p => p.Name == "options"))
                {
                    yield return new($"new {type.Name}(...): null options", type, constructor, f => make(f.Engine, true), typeof(ArgumentNullException), "options");
                }
            }
        }
    }

    /// <summary>
    /// Fractional pooling's samples against PyTorch's rules (PyTorch 2's words; 1.13 checks none of
    /// them and reads past the samples), samples in another memory order or under the output, and
    /// compact indices used with another seed or another arithmetic.
    /// </summary>
    private static IEnumerable<BadCall> FractionalEntries
    {
        get
        {
            var forward = Method(f => f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.Stream, f.FractionalSamples));
            const string Label = "PoolingEngine.FractionalMaxPool2d(input, options, output, stream, samples)";
            foreach (var (what, shape, message) in new (string, TensorShape, string)[]
            {
                ("samples of 2 dims", TensorShape.Unbatched1d(3, 2), "Expect _random_samples to have 3 dimensions, got 2"),
                ("samples of 4 dims", new TensorShape(2, 3, 1, 2), "Expect _random_samples to have 3 dimensions, got 4"),
                ("samples for fewer batches", TensorShape.Of1d(1, 3, 2), "Expect _random_samples.size(0) no less then input batch size."),
                ("samples for 3D", TensorShape.Of1d(2, 3, 3), "Expect _random_samples.size(2) equals to 2; got 3."),
                ("channels-last samples", TensorShape.Of1d(2, 3, 2).WithLayout(TensorLayout.ChannelsLast), "channels-last samples are not"),
            })
            {
                yield return new($"{Label}: {what}", typeof(PoolingEngine), forward,
                    f => { f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.Stream, (DeviceTensor<float>)f.TensorLike(f.Input, shape)); return null; },
                    typeof(ArgumentException), "samples", message);
            }

            yield return new($"{Label}: samples in the output's memory", typeof(PoolingEngine), forward,
                f => { f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.Stream, f.Engine.Wrap(f.Output.View.SubView(0, 12), TensorShape.Of1d(2, 3, 2))); return null; },
                typeof(ArgumentException), "output", "output overlaps the samples' memory");

            yield return new("PoolingEngine.FractionalMaxPool2d(input, options, output, indices, stream): indices of another seed", typeof(PoolingEngine),
                Method(f => f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d, f.Output, f.FractionalCompact, f.Stream)),
                f => { f.Engine.FractionalMaxPool2d(f.Input, CatalogueFixture.Fractional2d with { Seed = 1 }, f.Output, f.FractionalCompact, f.Stream); return null; },
                typeof(ArgumentException), "indices", "indices were made for input [2, 3, 6, 6] -> output [2, 3, 3, 3] with other windows");

            yield return new("PoolingEngine.AllocateFractionalMaxPoolIndices(TensorShape input, FractionalMaxPool2dOptions options): elements of type uint", typeof(PoolingEngine),
                Method(f => f.Engine.AllocateFractionalMaxPoolIndices<float>(CatalogueFixture.InputShape, CatalogueFixture.Fractional2d)),
                f => f.Engine.AllocateFractionalMaxPoolIndices<uint>(CatalogueFixture.InputShape, CatalogueFixture.Fractional2d),
                typeof(ArgumentException), "input", "not System.UInt32");

            // PyTorch refuses fractional max pooling of integer tensors where it draws the samples.
            yield return new("PoolingEngine.AllocateFractionalMaxPoolIndices(TensorShape input, FractionalMaxPool2dOptions options): elements of type int", typeof(PoolingEngine),
                Method(f => f.Engine.AllocateFractionalMaxPoolIndices<float>(CatalogueFixture.InputShape, CatalogueFixture.Fractional2d)),
                f => f.Engine.AllocateFractionalMaxPoolIndices<int>(CatalogueFixture.InputShape, CatalogueFixture.Fractional2d),
                typeof(ArgumentException), "input", "\"check_uniform_bounds\" not implemented for 'Int'");

            // Windows drawn for float32 inputs may differ from float64's: compact indices keep to their arithmetic.
            yield return new("PoolingEngine.MaxPoolBackward(gradOutput, indices, gradInput, stream): fractional indices of float32 windows, float64 gradients", typeof(PoolingEngine),
                Method(f => f.Engine.MaxPoolBackward(f.GradOutput, f.MaxCompact, f.GradInput, f.Stream)),
                f => { f.Engine.MaxPoolBackward(f.TensorOf<double>(f.GradOutput), f.FractionalCompact, f.TensorOf<double>(f.GradInput), f.Stream); return null; },
                typeof(ArgumentException), "indices", "indices were made for fractional windows computed in float32; gradients of Double compute them in float64.");
        }
    }

    /// <summary>Each layer's constructor, with a null engine, or null options where it takes options.</summary>
    internal static IEnumerable<(Type Type, Func<PoolingEngine, bool, Layer<float>> Make)> LayerConstructors =>
    [
        (typeof(MaxPool1d<float>), (e, nullOptions) => new MaxPool1d<float>(e, nullOptions ? null! : CatalogueFixture.Max1d)),
        (typeof(MaxPool2d<float>), (e, nullOptions) => new MaxPool2d<float>(e, nullOptions ? null! : CatalogueFixture.Max)),
        (typeof(MaxPool3d<float>), (e, nullOptions) => new MaxPool3d<float>(e, nullOptions ? null! : CatalogueFixture.Max3d)),
        (typeof(AvgPool1d<float>), (e, nullOptions) => new AvgPool1d<float>(e, nullOptions ? null! : CatalogueFixture.Avg1d)),
        (typeof(AvgPool2d<float>), (e, nullOptions) => new AvgPool2d<float>(e, nullOptions ? null! : CatalogueFixture.Avg)),
        (typeof(AvgPool3d<float>), (e, nullOptions) => new AvgPool3d<float>(e, nullOptions ? null! : CatalogueFixture.Avg3d)),
        (typeof(AdaptiveMaxPool1d<float>), (e, _) => new AdaptiveMaxPool1d<float>(e, CatalogueFixture.Adaptive1d)),
        (typeof(AdaptiveMaxPool2d<float>), (e, _) => new AdaptiveMaxPool2d<float>(e, CatalogueFixture.Adaptive)),
        (typeof(AdaptiveMaxPool3d<float>), (e, _) => new AdaptiveMaxPool3d<float>(e, CatalogueFixture.Adaptive3d)),
        (typeof(AdaptiveAvgPool1d<float>), (e, _) => new AdaptiveAvgPool1d<float>(e, CatalogueFixture.Adaptive1d)),
        (typeof(AdaptiveAvgPool2d<float>), (e, _) => new AdaptiveAvgPool2d<float>(e, CatalogueFixture.Adaptive)),
        (typeof(AdaptiveAvgPool3d<float>), (e, _) => new AdaptiveAvgPool3d<float>(e, CatalogueFixture.Adaptive3d)),
        (typeof(GlobalMaxPool2d<float>), (e, _) => new GlobalMaxPool2d<float>(e)),
        (typeof(GlobalAvgPool2d<float>), (e, _) => new GlobalAvgPool2d<float>(e)),
        (typeof(LPPool1d<float>), (e, nullOptions) => new LPPool1d<float>(e, nullOptions ? null! : CatalogueFixture.Lp1d)),
        (typeof(LPPool2d<float>), (e, nullOptions) => new LPPool2d<float>(e, nullOptions ? null! : CatalogueFixture.Lp2d)),
        (typeof(LPPool3d<float>), (e, nullOptions) => new LPPool3d<float>(e, nullOptions ? null! : CatalogueFixture.Lp3d)),
        (typeof(FractionalMaxPool2d<float>), (e, nullOptions) => new FractionalMaxPool2d<float>(e, nullOptions ? null! : CatalogueFixture.Fractional2d)),
        (typeof(FractionalMaxPool3d<float>), (e, nullOptions) => new FractionalMaxPool3d<float>(e, nullOptions ? null! : CatalogueFixture.Fractional3d)),
        (typeof(MaxUnpool1d<float>), (e, nullOptions) => new MaxUnpool1d<float>(e, nullOptions ? null! : CatalogueFixture.Unpool1d)),
        (typeof(MaxUnpool2d<float>), (e, nullOptions) => new MaxUnpool2d<float>(e, nullOptions ? null! : CatalogueFixture.Unpool)),
        (typeof(MaxUnpool3d<float>), (e, nullOptions) => new MaxUnpool3d<float>(e, nullOptions ? null! : CatalogueFixture.Unpool3d)),
    ];

    private static IEnumerable<BadCall> Derive(CallTemplate template)
    {
        string method = template.Label;
        string target = template.TargetType == typeof(PoolingEngine) ? "engine" : "layer";
        yield return new($"{method}: disposed {target}", template.TargetType, template.Method, f => template.Invoke(DisposedTarget(f, template.TargetType), template.Arguments(f)), typeof(ObjectDisposedException));
        if (TakesElements(template))
        {
            var tensors = template.Parameters.Where(p => p.ParameterType == typeof(DeviceTensor<float>)).ToList();
            yield return new($"{method}: elements of type uint", template.TargetType, template.Method, f =>
            {
                var arguments = template.Arguments(f);
                foreach (var p in tensors)
                {
                    arguments[p.Position] = f.TensorOf<uint>(arguments[p.Position]!);
                }

                return CallTemplate.Invoke(template.WithElement(typeof(uint)), template.Target(f), arguments);
            }, typeof(ArgumentException), string.Join('|', tensors.Select(p => p.Name)), "not System.UInt32");
        }

        foreach (var (parameter, index) in template.Parameters.Select((p, i) => (p, i)))
        {
            foreach (var bad in ArgumentSubstitutes.For(template, parameter))
            {
                yield return new($"{method}: {parameter.Name} {bad.What}", template.TargetType, template.Method, f =>
                {
                    var arguments = template.Arguments(f);
                    arguments[index] = bad.Replace(f, arguments[index]!);
                    return template.Invoke(template.Target(f), arguments);
                }, bad.Exception, bad.Parameter, bad.Message, bad.MessageOf is { } messageOf ? f => messageOf(template.Arguments(f)[index]!) : null);
            }
        }

        foreach (var bad in UnpoolIndexEntries.Derive(template).Concat(IntegerEntries.Derive(template)))
        {
            yield return bad;
        }
    }

    /// <summary>Whether the method is generic over the element type of its tensors (the ops), not over any unmanaged type (Allocate, Wrap).</summary>
    private static bool TakesElements(CallTemplate template) =>
        template.Method.IsGenericMethod && template.Parameters.Any(p => p.ParameterType == typeof(DeviceTensor<float>));

    private static object DisposedTarget(CatalogueFixture fixture, Type target) =>
        target == typeof(PoolingEngine) ? fixture.DisposedEngine : fixture.DisposedLayer(target);

    internal static MethodInfo Method(System.Linq.Expressions.Expression<Action<CatalogueFixture>> call) => new CallTemplate(call).Method;
}
