namespace Pooling.Gpu.Tests;

/// <summary>
/// fractional_max_pool2d (options <see cref="FractionalMaxPool2dOptions"/>) or
/// fractional_max_pool3d (<see cref="FractionalMaxPool3dOptions"/>) of <see cref="Input"/>-shaped
/// tensors, over the windows the library draws from the options' seed, or, with
/// <see cref="Given"/> samples, over theirs. The reference takes the same samples
/// (<see cref="ReferenceFractional.Drawn"/> for the seed's), and PyTorch gets them as
/// <c>_random_samples</c>.
/// </summary>
public sealed record FractionalOp : PoolOp
{
    private FractionalOp(FractionalMaxPool2dOptions? plane, FractionalMaxPool3dOptions? volume, TensorShape input, double[]? given, bool? inDouble)
    {
        Plane = plane;
        Volume = volume;
        Input = input;
        Given = given;
        InDouble = inDouble;
    }

    public FractionalMaxPool2dOptions? Plane { get; }

    public FractionalMaxPool3dOptions? Volume { get; }

    /// <summary>The shape whose planes the samples are drawn for (in logical order).</summary>
    public TensorShape Input { get; }

    /// <summary>
    /// The caller's samples, (N', C, rank) flattened with N' at least <see cref="Input"/>'s N, each
    /// representable in the element type of the cases that use them; null: drawn from the seed.
    /// </summary>
    public double[]? Given { get; }

    /// <summary>Whether the reference computes the windows in float64 (fp64 cases); null: in float32, checked against float64.</summary>
    public bool? InDouble { get; }

    public int SpatialRank => Plane is null ? 3 : 2;

    /// <summary>(kD, kH, kW), kD 1 in 2D.</summary>
    public override long WindowPositions(TensorShape input) => (long)Kernel.D * Kernel.H * Kernel.W;

    public (int D, int H, int W) Kernel => Plane is { } p ? (1, p.KernelSize.Height, p.KernelSize.Width) : (Volume!.KernelSize.Depth, Volume.KernelSize.Height, Volume.KernelSize.Width);

    public ulong Seed => Plane?.Seed ?? Volume!.Seed;

    public override string Name => (Plane is { } p
        ? $"fractional_max_pool2d k{p.KernelSize} ->{(object?)p.OutputSize ?? $"x{p.OutputRatio}"}"
        : $"fractional_max_pool3d k{Volume!.KernelSize} ->{(object?)Volume.OutputSize ?? $"x{Volume.OutputRatio}"}")
        + (Given is null ? $" seed {Seed}" : $" samples {SampleText}");

    public override string TorchOp => Plane is null ? OracleOp.FractionalMaxPool3d : OracleOp.FractionalMaxPool2d;

    public override bool IsMax => true;

    /// <summary>Compact indices record seeded windows only: with given samples, backward from PyTorch-form indices.</summary>
    public override IndexForm[] BackwardForms => Given is null ? base.BackwardForms : [IndexForm.Torch];

    /// <summary>The samples of <see cref="Input"/>'s planes (and beyond, if given so), in PyTorch's order.</summary>
    public double[] Samples => Given ?? ReferenceFractional.Drawn(Seed, Input.Planes, SpatialRank);

    public static FractionalOp Of(FractionalMaxPool2dOptions options, TensorShape input) => new(options, null, input, null, null);

    public static FractionalOp Of(FractionalMaxPool3dOptions options, TensorShape input) => new(null, options, input, null, null);

    /// <summary>The op over <paramref name="samples"/>, which the reference turns into windows in float64 when <paramref name="inDouble"/>.</summary>
    public FractionalOp WithSamples(double[] samples, bool inDouble) => new(Plane, Volume, Input, samples, inDouble);

    /// <summary>A short digest of the given samples for the name, so that cases with other samples have other names.</summary>
    private string SampleText => $"{Given!.Length}x{Given.Sum():R}";

    /// <summary>The output shape: the size, or the ratio of the input's rounded down, as torch.nn.functional computes it.</summary>
    public TensorShape Output(TensorShape input)
    {
        if (Plane is { } p)
        {
            return p.OutputSize is { } size
                ? input.WithSpatial(size.Height, size.Width)
                : input.WithSpatial((long)(input.H * p.OutputRatio!.Value.Height), (long)(input.W * p.OutputRatio.Value.Width));
        }

        var v = Volume!;
        return v.OutputSize is { } s
            ? input.WithSpatial(s.Depth, s.Height, s.Width)
            : input.WithSpatial((long)(input.D * v.OutputRatio!.Value.Depth), (long)(input.H * v.OutputRatio.Value.Height), (long)(input.W * v.OutputRatio.Value.Width));
    }

    /// <summary>
    /// The windows in the case's arithmetic; without one, in float32, which gives those of every
    /// element type only where float64 gives the same: a seeded case whose samples tell them apart
    /// would pass or fail by its type, and is refused here (FractionalSampleTests has such samples
    /// on purpose, with the arithmetic given).
    /// </summary>
    public override PoolWindows Windows(TensorShape input)
    {
        var output = Output(input);
        if (InDouble is { } inDouble)
        {
            return ReferenceFractional.Windows(input, output, Kernel, Samples, inDouble);
        }

        var windows = ReferenceFractional.Windows(input, output, Kernel, Samples, inDouble: false);
        var wide = ReferenceFractional.Windows(input, output, Kernel, Samples, inDouble: true);
        var first = new List<Window>();
        var second = new List<Window>();
        windows.ForEach(input, (_, _, w) => first.Add(w));
        wide.ForEach(input, (_, _, w) => second.Add(w));
        if (!first.Zip(second).All(pair => pair.First.Depths.SequenceEqual(pair.Second.Depths) && pair.First.Rows.SequenceEqual(pair.Second.Rows) && pair.First.Cols.SequenceEqual(pair.Second.Cols)))
        {
            throw new InvalidOperationException($"{Name} on {input}: the samples give other windows in float64; choose another seed.");
        }

        return windows;
    }

    public override ReferenceResult Reference(float[] x, TensorShape input) => ReferencePooling.Max(x, Windows(input), input);

    public override ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input)
    {
        var forward = Reference(x, input);
        return ReferencePooling.MaxBackward(g, forward.Indices, input, forward.Shape);
    }

    public override OracleParams TorchParams() => Plane is { } p
        ? new()
        {
            KernelSize = p.KernelSize,
            OutputSize = p.OutputSize is { } size ? size : null,
            OutputRatio = p.OutputRatio is { } ratio ? [ratio.Height, ratio.Width] : null,
            RandomSamples = Samples,
            ReturnIndices = true,
        }
        : new()
        {
            KernelSize = Volume!.KernelSize,
            OutputSize = Volume.OutputSize is { } size3 ? size3 : null,
            OutputRatio = Volume.OutputRatio is { } ratio3 ? [ratio3.Depth, ratio3.Height, ratio3.Width] : null,
            RandomSamples = Samples,
            ReturnIndices = true,
        };

    public override void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
    {
        using var samples = Upload<T>(engine);
        if (Plane is not null)
        {
            engine.FractionalMaxPool2dWithIndices(input, Plane, output, indices!, samples: samples);
        }
        else
        {
            engine.FractionalMaxPool3dWithIndices(input, Volume!, output, indices!, samples: samples);
        }
    }

    public override DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
    {
        using var samples = Upload<T>(engine);
        return Plane is not null ? engine.FractionalMaxPool2d(input, Plane, samples: samples) : engine.FractionalMaxPool3d(input, Volume!, samples: samples);
    }

    public override MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
    {
        if (Plane is not null)
        {
            var indices = engine.AllocateFractionalMaxPoolIndices<T>(input.Shape, Plane);
            engine.FractionalMaxPool2d(input, Plane, output, indices);
            return indices;
        }
        else
        {
            var indices = engine.AllocateFractionalMaxPoolIndices<T>(input.Shape, Volume!);
            engine.FractionalMaxPool3d(input, Volume!, output, indices);
            return indices;
        }
    }

    public override void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form) =>
        MaxBackward(engine, input, gradOutput, gradInput, form, indices =>
        {
            using var samples = Upload<T>(engine);
            if (Plane is not null)
            {
                engine.FractionalMaxPool2dBackward(gradOutput, indices, Plane, gradInput, samples: samples);
            }
            else
            {
                engine.FractionalMaxPool3dBackward(gradOutput, indices, Volume!, gradInput, samples: samples);
            }
        });

    /// <summary>The given samples as a (N', C, rank) tensor of <typeparamref name="T"/>; null when the windows are drawn from the seed.</summary>
    private DeviceTensor<T>? Upload<T>(PoolingEngine engine)
        where T : unmanaged
    {
        if (Given is null)
        {
            return null;
        }

        object values = typeof(T) == typeof(double) ? Given.ToArray()
            : typeof(T) == typeof(float) ? Given.Select(v => (float)v).ToArray()
            : typeof(T) == typeof(ILGPU.Half) ? Given.Select(v => (ILGPU.Half)(float)v).ToArray()
            : Given.Select(v => (BFloat16)(float)v).ToArray();
        return engine.Upload<T>((T[])values, TensorShape.Of1d(Given.Length / (Input.C * SpatialRank), Input.C, SpatialRank));
    }
}
