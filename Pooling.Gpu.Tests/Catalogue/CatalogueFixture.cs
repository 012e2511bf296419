using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Everything the bad-input catalogue's calls use: a valid input (2, 3, 6, 6), poisoned outputs
/// and gradients for the 2x2 poolings (3x3) and the global ones (1x1), valid gradients and
/// indices for backward, compact indices, a max pooling's values and indices to unpool, a
/// stream, fractional pooling's samples, every layer after one forward call (of the input of its rank; unpooling of the pooled values), and engines beside the test engine: one on
/// another accelerator and one disposed. The 1D ops get the same from <see cref="Line"/>
/// ((2, 3, 8) pooled to length 4), the 3D ones from <see cref="Volume"/> ((2, 3, 4, 6, 6) to 2x3x3),
/// unpooling included.
/// After a refused call, <see cref="AssertUnchanged"/> checks every buffer byte for byte.
/// </summary>
public sealed class CatalogueFixture : IDisposable
{
    public static readonly TensorShape InputShape = new(2, 3, 6, 6);

    public static readonly TensorShape PooledShape = new(2, 3, 3, 3);

    public static readonly TensorShape GlobalShape = new(2, 3, 1, 1);

    public static readonly MaxPool2dOptions Max = new(2);

    public static readonly AvgPool2dOptions Avg = new(2);

    public static readonly Size2 Adaptive = 3;

    public static readonly LPPool2dOptions Lp2d = new(2, 2);

    /// <summary>Undoes <see cref="Max"/>: 3x3 back to 6x6.</summary>
    public static readonly MaxUnpool2dOptions Unpool = new(2);

    public static readonly TensorShape LineShape = TensorShape.Of1d(2, 3, 8);

    public static readonly TensorShape LinePooledShape = TensorShape.Of1d(2, 3, 4);

    public static readonly MaxPool1dOptions Max1d = new(2);

    public static readonly AvgPool1dOptions Avg1d = new(2);

    public static readonly LPPool1dOptions Lp1d = new(2, 2);

    /// <summary>Undoes <see cref="Max1d"/>: 4 back to 8.</summary>
    public static readonly MaxUnpool1dOptions Unpool1d = new(2);

    public const int Adaptive1d = 4;

    public static readonly TensorShape VolumeShape = TensorShape.Of3d(2, 3, 4, 6, 6);

    public static readonly TensorShape VolumePooledShape = TensorShape.Of3d(2, 3, 2, 3, 3);

    public static readonly MaxPool3dOptions Max3d = new(2);

    public static readonly AvgPool3dOptions Avg3d = new(2);

    public static readonly Size3 Adaptive3d = (2, 3, 3);

    public static readonly LPPool3dOptions Lp3d = new(2, 2);

    /// <summary>Undoes <see cref="Max3d"/>: 2x3x3 back to 4x6x6.</summary>
    public static readonly MaxUnpool3dOptions Unpool3d = new(2);

    /// <summary>6x6 to 3x3, as <see cref="Max"/>.</summary>
    public static readonly FractionalMaxPool2dOptions Fractional2d = new(2) { OutputSize = 3 };

    /// <summary>4x6x6 to 2x3x3, as <see cref="Max3d"/>.</summary>
    public static readonly FractionalMaxPool3dOptions Fractional3d = new(2) { OutputSize = (2, 3, 3) };

    private readonly List<IDisposable> owned = [];
    private readonly Dictionary<string, Func<byte[]>> buffers = [];
    private readonly Dictionary<string, byte[]> snapshot = [];

    public CatalogueFixture(PoolingEngine engine)
    {
        Engine = engine;
        Foreign = Own(new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu }));
        DisposedEngine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        DisposedEngine.Dispose();
        Input = Tensor("input", engine.Upload<float>(TestData.Make(InputShape.Length, DataKind.Random, 1), InputShape));
        Output = Tensor("output", Poison.Values(engine, PooledShape));
        Indices = Tensor("indices", Poison.Indices(engine, PooledShape));
        GlobalOutput = Tensor("global output", Poison.Values(engine, GlobalShape));
        GlobalIndices = Tensor("global indices", Poison.Indices(engine, GlobalShape));
        GradOutput = Tensor("gradOutput", engine.Upload<float>(TestData.Make(PooledShape.Length, DataKind.Random, 2), PooledShape));
        GlobalGradOutput = Tensor("global gradOutput", engine.Upload<float>(TestData.Make(GlobalShape.Length, DataKind.Random, 3), GlobalShape));
        GradInput = Tensor("gradInput", Poison.Values(engine, InputShape));
        InputChannelsLast = Tensor("channels-last output", Poison.Values(engine, InputShape.WithLayout(TensorLayout.ChannelsLast)));
        TorchIndices = Tensor("backward indices", engine.Upload<long>(new long[PooledShape.Length], PooledShape));
        GlobalTorchIndices = Tensor("global backward indices", engine.Upload<long>(new long[GlobalShape.Length], GlobalShape));
        MaxCompact = Compact("compact", engine.AllocateMaxPoolIndices(InputShape, Max));
        AdaptiveCompact = Compact("adaptive compact", engine.AllocateAdaptiveMaxPoolIndices(InputShape, Adaptive));
        GlobalCompact = Compact("global compact", engine.AllocateGlobalMaxPoolIndices(InputShape));
        var pooled = engine.MaxPoolWithIndices(Input, Max);
        Pooled = Tensor("pooled", pooled.Output);
        UnpoolIndices = Tensor("unpool indices", pooled.Indices);
        Unpooled = Tensor("unpooled", Poison.Values(engine, InputShape));
        Line = new(
            this, "1D", LineShape, LinePooledShape, 4, engine.AllocateMaxPoolIndices(LineShape, Max1d), engine.AllocateAdaptiveMaxPool1dIndices(LineShape, Adaptive1d),
            x => engine.MaxPoolWithIndices(x, Max1d));
        Volume = new(
            this, "3D", VolumeShape, VolumePooledShape, 6, engine.AllocateMaxPoolIndices(VolumeShape, Max3d), engine.AllocateAdaptiveMaxPool3dIndices(VolumeShape, Adaptive3d),
            x => engine.MaxPoolWithIndices(x, Max3d));
        FractionalSamples = Tensor("fractional samples", engine.Upload<float>([.. Enumerable.Range(0, 12).Select(i => i / 12f)], TensorShape.Of1d(2, 3, 2)));
        VolumeFractionalSamples = Tensor("3D fractional samples", engine.Upload<float>([.. Enumerable.Range(0, 18).Select(i => i / 18f)], TensorShape.Of1d(2, 3, 3)));
        FractionalCompact = Compact("fractional compact", engine.AllocateFractionalMaxPoolIndices<float>(InputShape, Fractional2d));
        VolumeFractionalCompact = Compact("3D fractional compact", engine.AllocateFractionalMaxPoolIndices<float>(VolumeShape, Fractional3d));
        Stream = Own(engine.Accelerator.CreateStream());
        MaxLayer = Layer(new MaxPool2d<float>(engine, Max), Input);
        AvgLayer = Layer(new AvgPool2d<float>(engine, Avg), Input);
        AdaptiveMaxLayer = Layer(new AdaptiveMaxPool2d<float>(engine, Adaptive), Input);
        AdaptiveAvgLayer = Layer(new AdaptiveAvgPool2d<float>(engine, Adaptive), Input);
        GlobalMaxLayer = Layer(new GlobalMaxPool2d<float>(engine), Input);
        GlobalAvgLayer = Layer(new GlobalAvgPool2d<float>(engine), Input);
        LpLayer = Layer(new LPPool2d<float>(engine, Lp2d), Input);
        MaxLayer1d = Layer(new MaxPool1d<float>(engine, Max1d), Line.Input);
        AvgLayer1d = Layer(new AvgPool1d<float>(engine, Avg1d), Line.Input);
        AdaptiveMaxLayer1d = Layer(new AdaptiveMaxPool1d<float>(engine, Adaptive1d), Line.Input);
        AdaptiveAvgLayer1d = Layer(new AdaptiveAvgPool1d<float>(engine, Adaptive1d), Line.Input);
        LpLayer1d = Layer(new LPPool1d<float>(engine, Lp1d), Line.Input);
        MaxLayer3d = Layer(new MaxPool3d<float>(engine, Max3d), Volume.Input);
        AvgLayer3d = Layer(new AvgPool3d<float>(engine, Avg3d), Volume.Input);
        AdaptiveMaxLayer3d = Layer(new AdaptiveMaxPool3d<float>(engine, Adaptive3d), Volume.Input);
        AdaptiveAvgLayer3d = Layer(new AdaptiveAvgPool3d<float>(engine, Adaptive3d), Volume.Input);
        LpLayer3d = Layer(new LPPool3d<float>(engine, Lp3d), Volume.Input);
        FractionalLayer = Layer(new FractionalMaxPool2d<float>(engine, Fractional2d), Input);
        FractionalLayer3d = Layer(new FractionalMaxPool3d<float>(engine, Fractional3d), Volume.Input);
        UnpoolLayer = Own(new MaxUnpool2d<float>(engine, Unpool));
        UnpoolLayer.Forward(Pooled, UnpoolIndices);
        UnpoolLayer1d = Own(new MaxUnpool1d<float>(engine, Unpool1d));
        UnpoolLayer1d.Forward(Line.Pooled, Line.UnpoolIndices);
        UnpoolLayer3d = Own(new MaxUnpool3d<float>(engine, Unpool3d));
        UnpoolLayer3d.Forward(Volume.Pooled, Volume.UnpoolIndices);
        foreach (var (name, read) in buffers)
        {
            snapshot[name] = read();
        }
    }

    public PoolingEngine Engine { get; }

    /// <summary>An engine on another accelerator, for buffers and streams that do not belong to <see cref="Engine"/>.</summary>
    public PoolingEngine Foreign { get; }

    public PoolingEngine DisposedEngine { get; }

    public DeviceTensor<float> Input { get; }

    public DeviceTensor<float> Output { get; }

    public DeviceTensor<long> Indices { get; }

    public DeviceTensor<float> GlobalOutput { get; }

    public DeviceTensor<long> GlobalIndices { get; }

    public DeviceTensor<float> GradOutput { get; }

    public DeviceTensor<float> GlobalGradOutput { get; }

    public DeviceTensor<float> GradInput { get; }

    /// <summary>An output of a layout conversion of <see cref="Input"/>.</summary>
    public DeviceTensor<float> InputChannelsLast { get; }

    public DeviceTensor<long> TorchIndices { get; }

    public DeviceTensor<long> GlobalTorchIndices { get; }

    public MaxPoolIndices MaxCompact { get; }

    public MaxPoolIndices AdaptiveCompact { get; }

    public MaxPoolIndices GlobalCompact { get; }

    /// <summary>The values of <see cref="Max"/> pooling <see cref="Input"/>: an input to unpool.</summary>
    public DeviceTensor<float> Pooled { get; }

    /// <summary>Their PyTorch-form indices.</summary>
    public DeviceTensor<long> UnpoolIndices { get; }

    /// <summary>A poisoned output of unpooling, of <see cref="InputShape"/>.</summary>
    public DeviceTensor<float> Unpooled { get; }

    /// <summary>The samples of fractional max pooling of <see cref="Input"/>: (2, 3, 2) in [0, 1).</summary>
    public DeviceTensor<float> FractionalSamples { get; }

    /// <summary>The samples of 3D fractional max pooling of <see cref="Volume"/>'s input: (2, 3, 3) in [0, 1).</summary>
    public DeviceTensor<float> VolumeFractionalSamples { get; }

    /// <summary>Compact indices of <see cref="Fractional2d"/> pooling <see cref="Input"/>'s shape, windows drawn from its seed.</summary>
    public MaxPoolIndices FractionalCompact { get; }

    /// <summary>Compact indices of <see cref="Fractional3d"/> pooling <see cref="Volume"/>'s input shape.</summary>
    public MaxPoolIndices VolumeFractionalCompact { get; }

    public RankTensors Line { get; }

    public RankTensors Volume { get; }

    public AcceleratorStream Stream { get; }

    public MaxPool2d<float> MaxLayer { get; }

    public AvgPool2d<float> AvgLayer { get; }

    public AdaptiveMaxPool2d<float> AdaptiveMaxLayer { get; }

    public AdaptiveAvgPool2d<float> AdaptiveAvgLayer { get; }

    public GlobalMaxPool2d<float> GlobalMaxLayer { get; }

    public GlobalAvgPool2d<float> GlobalAvgLayer { get; }

    public LPPool2d<float> LpLayer { get; }

    public MaxPool1d<float> MaxLayer1d { get; }

    public AvgPool1d<float> AvgLayer1d { get; }

    public AdaptiveMaxPool1d<float> AdaptiveMaxLayer1d { get; }

    public AdaptiveAvgPool1d<float> AdaptiveAvgLayer1d { get; }

    public LPPool1d<float> LpLayer1d { get; }

    public MaxPool3d<float> MaxLayer3d { get; }

    public AvgPool3d<float> AvgLayer3d { get; }

    public AdaptiveMaxPool3d<float> AdaptiveMaxLayer3d { get; }

    public AdaptiveAvgPool3d<float> AdaptiveAvgLayer3d { get; }

    public LPPool3d<float> LpLayer3d { get; }

    /// <summary>Draws its windows from a seed of each call.</summary>
    public FractionalMaxPool2d<float> FractionalLayer { get; }

    public FractionalMaxPool3d<float> FractionalLayer3d { get; }

    /// <summary>Unpools <see cref="Pooled"/> at <see cref="UnpoolIndices"/>, back to <see cref="InputShape"/>.</summary>
    public MaxUnpool2d<float> UnpoolLayer { get; }

    /// <summary>Unpools <see cref="Line"/>'s pooled values at its indices, back to its input's shape.</summary>
    public MaxUnpool1d<float> UnpoolLayer1d { get; }

    /// <summary>Unpools <see cref="Volume"/>'s pooled values at its indices, back to its input's shape.</summary>
    public MaxUnpool3d<float> UnpoolLayer3d { get; }

    /// <summary>Keeps an object made for one call (a substitute argument, an unexpected result) until the fixture goes.</summary>
    public T Own<T>(T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    /// <summary>A tensor on this engine of the same element type as <paramref name="like"/> and shape <paramref name="shape"/>, poisoned with 0x5A bytes.</summary>
    public object TensorLike(object like, TensorShape shape) => Generic(nameof(MakeTensor), like, Engine, shape);

    /// <summary>A strided view of the element type and shape of <paramref name="like"/>: every second channel of a poisoned tensor twice as wide.</summary>
    public object StridedTwin(object like) => Generic(nameof(MakeStrided), like, Engine, CatalogueShapes.Of(like));

    /// <summary>A tensor of another element type on this engine, of the shape of <paramref name="like"/>.</summary>
    public DeviceTensor<T> TensorOf<T>(object like)
        where T : unmanaged => MakeTensor<T>(this, Engine, CatalogueShapes.Of(like));

    /// <summary>The same tensor or compact indices on <see cref="Foreign"/>.</summary>
    public object ForeignTwin(object original) => original switch
    {
        MaxPoolIndices indices => Own(new MaxPoolIndices(Foreign.Accelerator, indices.InputShape, indices.OutputShape, indices.Geometry, Positions(indices))),
        AcceleratorStream => Own(Foreign.Accelerator.CreateStream()),
        ArrayView<float> view => ((DeviceTensor<float>)TensorOn(Foreign, view.Length)).View,
        ArrayView1D<float, Stride1D.Dense> view => ((DeviceTensor<float>)TensorOn(Foreign, view.Length)).View.AsDense(),
        _ => Generic(nameof(MakeTensor), original, Foreign, CatalogueShapes.Of(original)),
    };

    /// <summary>A disposed tensor or compact indices like <paramref name="original"/>.</summary>
    public object DisposedTwin(object original)
    {
        var twin = original is MaxPoolIndices indices
            ? new MaxPoolIndices(Engine.Accelerator, indices.InputShape, indices.OutputShape, indices.Geometry, Positions(indices))
            : (IDisposable)Generic(nameof(MakeTensor), original, Engine, CatalogueShapes.Of(original));
        twin.Dispose();
        return twin;
    }

    /// <summary>Compact indices like <paramref name="original"/>, but made for an input with one more channel.</summary>
    public MaxPoolIndices AnotherInputTwin(MaxPoolIndices original) =>
        Own(new MaxPoolIndices(
            Engine.Accelerator,
            CatalogueShapes.WithChannels(original.InputShape, original.InputShape.C + 1),
            CatalogueShapes.WithChannels(original.OutputShape, original.OutputShape.C + 1),
            original.Geometry,
            Positions(original)));

    /// <summary>A copy of <paramref name="indices"/> on this engine with element <paramref name="at"/> set to <paramref name="value"/>.</summary>
    public DeviceTensor<long> IndicesWith(DeviceTensor<long> indices, long at, long value)
    {
        var values = indices.ToArray();
        values[at] = value;
        return Own(Engine.Upload<long>(values, indices.Shape));
    }

    /// <summary>A disposed layer of the given type.</summary>
    public Layer<float> DisposedLayer(Type type)
    {
        var layer = BadInputCatalogue.LayerConstructors.Single(c => c.Type == type).Make(Engine, false);
        layer.Dispose();
        return layer;
    }

    /// <summary>Every buffer still holds what it held after set-up (outputs their poison), byte for byte.</summary>
    public void AssertUnchanged()
    {
        Stream.Synchronize();
        foreach (var (name, read) in buffers)
        {
            Assert.That(read(), Is.EqualTo(snapshot[name]).AsCollection, $"{name} was written by a refused call");
        }
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(owned))
        {
            disposable.Dispose();
        }
    }

    /// <summary>Positions per window that give the same cell width.</summary>
    private static long Positions(MaxPoolIndices indices) => indices.BytesPerIndex == 1 ? 1 : 257;

    private static DeviceTensor<T> MakeTensor<T>(CatalogueFixture fixture, PoolingEngine engine, TensorShape shape)
        where T : unmanaged
    {
        var tensor = fixture.Own(engine.Allocate<T>(shape));
        if (shape.Length > 0)
        {
            tensor.View.MemSet(0x5A);
        }

        return tensor;
    }

    private static DeviceTensor<T> MakeStrided<T>(CatalogueFixture fixture, PoolingEngine engine, TensorShape shape)
        where T : unmanaged =>
        MakeTensor<T>(fixture, engine, CatalogueShapes.WithChannels(shape, 2 * shape.C)).Slice(shape.IsBatched ? 1 : 0, 0, 2 * shape.C, 2);

    private object TensorOn(PoolingEngine engine, long length) => MakeTensor<float>(this, engine, new TensorShape(1, 1, 1, length));

    /// <summary>Calls <paramref name="method"/> with the element type of the tensor <paramref name="like"/>.</summary>
    private object Generic(string method, object like, PoolingEngine engine, TensorShape shape) =>
        typeof(CatalogueFixture).GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(like.GetType().GetGenericArguments()[0])
            .Invoke(null, [this, engine, shape])!;

    /// <summary>Owns <paramref name="tensor"/> and adds it to the buffers that a refused call must leave as they are.</summary>
    internal DeviceTensor<T> Tensor<T>(string name, DeviceTensor<T> tensor)
        where T : unmanaged
    {
        buffers[name] = () => MemoryMarshal.AsBytes(tensor.ToArray().AsSpan()).ToArray();
        return Own(tensor);
    }

    /// <summary>Owns <paramref name="indices"/>, fills them with 0xAB, and adds them to the buffers a refused call must leave as they are.</summary>
    internal MaxPoolIndices Compact(string name, MaxPoolIndices indices)
    {
        indices.Bytes.MemSet(0xAB);
        buffers[name] = () => indices.Bytes.GetAsArray();
        return Own(indices);
    }

    private T Layer<T>(T layer, DeviceTensor<float> input)
        where T : PoolLayer<float>
    {
        layer.Forward(input);
        return Own(layer);
    }
}
