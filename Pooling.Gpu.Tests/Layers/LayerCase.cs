using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One layer type with its options, and the op it runs (a <see cref="PoolOp"/>): its float64
/// reference forward and backward, for any input shape, and its PyTorch call. Two input shapes:
/// <see cref="Shape"/>, and <see cref="Other"/> for a second input (another shape, as the second
/// place of a network that uses the layer twice).
/// </summary>
/// <param name="Name">The layer's type and options, as test names show them.</param>
/// <param name="Make">Makes the layer on an engine.</param>
/// <param name="Shape">The first input shape.</param>
/// <param name="Other">The second input shape.</param>
/// <param name="Data">The kind of input data.</param>
/// <param name="Exact">Max pooling and unpooling: values bit for bit.</param>
/// <param name="Reference">The float64 forward of an input of a shape.</param>
/// <param name="ReferenceBackward">The float64 input gradient for an input and an output gradient of a shape.</param>
/// <param name="TorchOp">The op in torch_oracle.py.</param>
/// <param name="TorchParams">Its parameters.</param>
/// <param name="OpOf">The op the layer runs on an input of a shape, for the engine's own calls.</param>
/// <param name="IndexInput">Max unpooling's index input for an input shape (logical order); null for the other layers.</param>
public sealed record LayerCase(
    string Name,
    Func<PoolingEngine, Layer<float>> Make,
    TensorShape Shape,
    TensorShape Other,
    DataKind Data,
    bool Exact,
    Func<float[], TensorShape, ReferenceResult> Reference,
    Func<float[], float[], TensorShape, ReferenceGradient> ReferenceBackward,
    string TorchOp,
    OracleParams TorchParams,
    Func<TensorShape, PoolOp> OpOf,
    Func<TensorShape, long[]>? IndexInput = null)
{
    /// <summary>Whether the layer's output can be its input again (every pooling; not unpooling, whose indices belong to one shape).</summary>
    public bool Chains => IndexInput is null;

    /// <summary>A layer of an op.</summary>
    public static LayerCase Of<TLayer>(Func<PoolingEngine, TLayer> make, PoolOp op, TensorShape shape, TensorShape other, DataKind data)
        where TLayer : Layer<float> => new(
        $"{NameOf<TLayer>()} {op.Name} {shape}",
        make,
        shape,
        other,
        data,
        op.IsMax,
        op.Reference,
        op.ReferenceBackward,
        op.TorchOp,
        op.TorchParams(),
        _ => op);

    /// <summary>An unpooling layer, of the values that max pooling of <paramref name="first"/>'s and <paramref name="second"/>'s sources gives, at their indices.</summary>
    public static LayerCase Of<TLayer>(Func<PoolingEngine, TLayer> make, UnpoolOp first, UnpoolOp second)
        where TLayer : MaxUnpoolLayer<float>
    {
        UnpoolOp Of(TensorShape shape) => shape == first.Pooled ? first : second;
        return new(
            $"{NameOf<TLayer>()} {first.Name}",
            make,
            first.Pooled,
            second.Pooled,
            DataKind.Random,
            Exact: true,
            (x, shape) => Of(shape).Reference(x, shape),
            (x, g, shape) => Of(shape).ReferenceBackward(x, g, shape),
            first.TorchOp,
            first.TorchParams(),
            Of,
            shape => Of(shape).InputIndices(shape)!);
    }

    /// <summary>Any layer's forward into a tensor of the layer.</summary>
    public static DeviceTensor<float> Forward(Layer<float> layer, DeviceTensor<float> input, DeviceTensor<long>? indices) => layer switch
    {
        MaxUnpoolLayer<float> unpool => unpool.Forward(input, indices!),
        PoolLayer<float> pool => pool.Forward(input),
        _ => throw new ArgumentException($"No forward of {layer.GetType().Name} here: add it.", nameof(layer)),
    };

    /// <summary>Any layer's forward into the caller's <paramref name="output"/>.</summary>
    public static void Forward(Layer<float> layer, DeviceTensor<float> input, DeviceTensor<long>? indices, DeviceTensor<float> output)
    {
        if (layer is MaxUnpoolLayer<float> unpool)
        {
            unpool.Forward(input, indices!, output);
        }
        else
        {
            ((PoolLayer<float>)layer).Forward(input, output);
        }
    }

    /// <summary>A max pooling layer's indices of its last call in PyTorch's form (compact ones converted); null for other layers.</summary>
    public static long[]? TorchIndices(Layer<float> layer, TensorShape output)
    {
        switch (layer)
        {
            case FractionalMaxPoolLayer<float> fractional:
                return fractional.Indices!.ToArray();
            case MaxPoolLayer<float> max:
                using (var torch = Poison.Indices(layer.Engine, output))
                {
                    layer.Engine.ToTorchIndices(max.Indices!, torch);
                    return torch.ToArray();
                }

            default:
                return null;
        }
    }

    /// <summary>Seeded input data of a shape.</summary>
    public float[] Input(TensorShape shape) => TestData.Make(shape.Length, Data, TestData.SeedOf($"{Name} {shape}"));

    /// <summary>Seeded output gradient of a shape.</summary>
    public float[] GradOutput(TensorShape shape) => TestData.Make(shape.Length, DataKind.Random, TestData.SeedOf($"{Name} {shape} grad"));

    /// <summary>The index input of an input shape on the device, for unpooling; null for the other layers.</summary>
    public DeviceTensor<long>? UploadIndices(PoolingEngine engine, TensorShape shape) =>
        IndexInput is null ? null : engine.Upload<long>(IndexInput(shape), shape);

    /// <summary>Values against the reference: bit for bit for max pooling and unpooling, else within the average tolerance.</summary>
    public void ExpectOutput(float[] actual, ReferenceResult expected, string what)
    {
        if (Exact)
        {
            Expect.ExactMax(actual, null, expected.Values, expected.Indices, what);
        }
        else
        {
            Expect.CloseAverages(actual, expected.Values, expected.Magnitudes, what);
        }
    }

    public override string ToString() => Name;

    private static string NameOf<TLayer>() => typeof(TLayer).Name.Split('`')[0];
}
