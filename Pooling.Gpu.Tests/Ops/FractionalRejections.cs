namespace Pooling.Gpu.Tests;

/// <summary>
/// Fractional max pooling's rows of <see cref="OpRejectionTests"/>: the options' checks when a
/// value is set (as torch.nn.FractionalMaxPool2d/3d make them, in Python, where the oracle cannot
/// ask), the rules that need the input, and backward's shapes; where F.fractional_max_pool2d/3d of
/// PyTorch 1.13 has the rule, it is asked too. The samples' own rules (PyTorch 2's, which 1.13
/// lacks) are in the bad-input catalogue.
/// </summary>
public static class FractionalRejections
{
    private static readonly TensorShape Plane = new(2, 3, 7, 8);
    private static readonly TensorShape Volume = TensorShape.Of3d(2, 3, 4, 6, 6);
    private static readonly Type Range = typeof(ArgumentOutOfRangeException);
    private static readonly Type Argument = typeof(ArgumentException);

    public static IEnumerable<OpRejectionTests.Rejection> Rows =>
    [
        // Options, checked when set. PyTorch 1.13 takes a kernel of 0 or less and reads outside the windows.
        new("fractional kernel 0", (_, _) => _ = new FractionalMaxPool2dOptions((0, 2)), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 0 kW: 2"),
        new("fractional 3D kernel -1", (_, _) => _ = new FractionalMaxPool3dOptions((2, -1, 2)), Range, "KernelSize", "kernel size should be greater than zero, but got kT: 2 kH: -1 kW: 2"),

        // PyTorch returns an empty tensor for an output size of 0.
        new("fractional output size 0", (_, _) => _ = new FractionalMaxPool2dOptions(2) { OutputSize = (0, 4) }, Range, "OutputSize",
            "fractional_max_pool2d: elements of output_size must be greater than or equal to 1 but received (0, 4)"),
        new("fractional 3D output size -2", (_, _) => _ = new FractionalMaxPool3dOptions(2) { OutputSize = (2, -2, 2) }, Range, "OutputSize",
            "fractional_max_pool3d: elements of output_size must be greater than or equal to 1 but received (2, -2, 2)"),

        // torch.nn.FractionalMaxPool2d/3d's rules (F.fractional_max_pool2d takes the size and ignores the ratio).
        new("fractional output size and ratio", (_, _) => _ = new FractionalMaxPool2dOptions(2) { OutputSize = 3, OutputRatio = 0.5 }, Argument, "OutputRatio",
            "only one of output_size and output_ratio may be specified"),
        new("fractional output ratio and size", (_, _) => _ = new FractionalMaxPool3dOptions(2) { OutputRatio = 0.5, OutputSize = 3 }, Argument, "OutputSize",
            "only one of output_size and output_ratio may be specified"),
        new("fractional ratio 1", (_, _) => _ = new FractionalMaxPool2dOptions(2) { OutputRatio = 1.0 }, Range, "OutputRatio", "output_ratio must be between 0 and 1 (got (1.0, 1.0))"),
        new("fractional ratio 0 along W", (_, _) => _ = new FractionalMaxPool2dOptions(2) { OutputRatio = (0.5, 0) }, Range, "OutputRatio", "output_ratio must be between 0 and 1 (got (0.5, 0.0))"),
        new("fractional ratio NaN", (_, _) => _ = new FractionalMaxPool2dOptions(2) { OutputRatio = double.NaN }, Range, "OutputRatio", "output_ratio must be between 0 and 1 (got (nan, nan))"),
        new("fractional 3D ratio 1.5 along D", (_, _) => _ = new FractionalMaxPool3dOptions(2) { OutputRatio = (1.5, 0.5, 0.5) }, Range, "OutputRatio",
            "output_ratio must be between 0 and 1 (got (1.5, 0.5, 0.5))"),

        // Rules that need the input.
        new("fractional with neither size nor ratio", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(Plane), new FractionalMaxPool2dOptions(2)), Argument, "OutputSize",
            "fractional_max_pool2d requires specifying either an output_size or an output_ratio",
            Torch(OracleOp.FractionalMaxPool2d, Plane, new() { KernelSize = 2 }), "fractional_max_pool2d requires specifying either an output_size or an output_ratio"),
        new("fractional 3D with neither size nor ratio", (e, b) => e.FractionalMaxPool3d(b.VolumeInput, new FractionalMaxPool3dOptions(2), b.VolumeOutput), Argument, "OutputSize",
            "fractional_max_pool3d requires specifying either an output_size or an output_ratio",
            Torch(OracleOp.FractionalMaxPool3d, Volume, new() { KernelSize = 2 }), "fractional_max_pool3d requires specifying either an output_size or an output_ratio"),
        new("fractional pool height too large", (e, _) => e.FractionalMaxPool2dWithIndices(e.Allocate<float>(Plane), new FractionalMaxPool2dOptions(2) { OutputSize = (7, 4) }), Range, "input",
            "fractional_max_pool2d(): pool height 2 too large relative to input height 7",
            Torch(OracleOp.FractionalMaxPool2d, Plane, new() { KernelSize = 2, OutputSize = (7, 4), RandomSamples = Half(Plane, 2) }),
            "fractional_max_pool2d(): pool height 2 too large relative to input height 7"),
        new("fractional pool width too large", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(Plane), new FractionalMaxPool2dOptions((1, 4)) { OutputSize = (3, 6) }), Range, "input",
            "fractional_max_pool2d(): pool width 4 too large relative to input width 8",
            Torch(OracleOp.FractionalMaxPool2d, Plane, new() { KernelSize = (1, 4), OutputSize = (3, 6), RandomSamples = Half(Plane, 2) }),
            "fractional_max_pool2d(): pool width 4 too large relative to input width 8"),
        new("fractional 3D output + kernel - 1 equal to the input", (e, b) => e.FractionalMaxPool3d(b.VolumeInput, new FractionalMaxPool3dOptions(2) { OutputSize = (3, 3, 3) }, b.VolumeOutput),
            Range, "input", "fractional_max_pool3d_out(): pool time 2 too large relative to input time 4",
            Torch(OracleOp.FractionalMaxPool3d, Volume, new() { KernelSize = 2, OutputSize = (Size3)(3, 3, 3), RandomSamples = Half(Volume, 3) }),
            "fractional_max_pool3d_out(): pool time 2 too large relative to input time 4"),
        new("fractional 3D width before height", (e, b) => e.FractionalMaxPool3d(b.VolumeInput, new FractionalMaxPool3dOptions(2) { OutputSize = (2, 5, 5) }), Range, "input",
            "fractional_max_pool3d_out(): pool width 2 too large relative to input width 6",
            Torch(OracleOp.FractionalMaxPool3d, Volume, new() { KernelSize = 2, OutputSize = (Size3)(2, 5, 5), RandomSamples = Half(Volume, 3) }),
            "fractional_max_pool3d_out(): pool width 2 too large relative to input width 6"),
        new("fractional ratio leaving no output", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(Plane), new FractionalMaxPool2dOptions(2) { OutputRatio = (0.5, 0.1) }), Range, "OutputRatio",
            "fractional_max_pool2d: output_ratio (0.5, 0.1) of an input of [2, 3, 7, 8] gives the output size (3, 0); every size must be at least 1"),
        new("fractional batched C = 0", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(new TensorShape(2, 0, 7, 8)), new FractionalMaxPool2dOptions(2) { OutputSize = 3 }), Argument, "input",
            "fractional_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but got[2, 0, 7, 8] with dimension 1 being empty.",
            Torch(OracleOp.FractionalMaxPool2d, new(2, 0, 7, 8), new() { KernelSize = 2, OutputSize = 3, RandomSamples = [] }),
            "fractional_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but got[2, 0, 7, 8] with dimension 1 being empty."),
        new("fractional unbatched H = 0", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(new TensorShape(3, 0, 8)), new FractionalMaxPool2dOptions(2) { OutputSize = 3 }), Argument, "input",
            "fractional_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but got[3, 0, 8] with dimension 1 being empty.",
            Torch(OracleOp.FractionalMaxPool2d, new(3, 0, 8), new() { KernelSize = 2, OutputSize = 3, RandomSamples = Half(new(3, 0, 8), 2) }),
            "fractional_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but got[3, 0, 8] with dimension 1 being empty."),
        new("fractional 3D D = 0", (e, _) => e.FractionalMaxPool3d(e.Allocate<float>(Volume.WithSpatial(0, 6, 6)), new FractionalMaxPool3dOptions(2) { OutputSize = 3 }), Argument, "input",
            "fractional_max_pool3d_out(): Expected input to have non-zero size for non-batch dimensions, but got[2, 3, 0, 6, 6] with dimension 2 being empty.",
            Torch(OracleOp.FractionalMaxPool3d, Volume.WithSpatial(0, 6, 6), new() { KernelSize = 2, OutputSize = 3, RandomSamples = Half(Volume, 3) }),
            "fractional_max_pool3d_out(): Expected input to have non-zero size for non-batch dimensions, but got[2, 3, 0, 6, 6] with dimension 2 being empty."),

        // PyTorch would read (2, 3, 8) as one (C, H, W) sample.
        new("fractional of a 1D shape", (e, _) => e.FractionalMaxPool2d(e.Allocate<float>(TensorShape.Of1d(2, 3, 8)), new FractionalMaxPool2dOptions(2) { OutputSize = 3 }), Argument, "input",
            "fractional_max_pool2d takes a 2D shape (N, C, H, W) or (C, H, W), but got the 1D shape [2, 3, 8]."),

        // Backward: the library's words for a gradient of another shape (1.13 says "gradOutput width unexpected").
        new("fractional backward of a gradient of another shape",
            (e, b) => e.FractionalMaxPool3dBackward(e.Allocate<float>(Volume.WithSpatial(2, 3, 2)), e.Allocate<long>(Volume.WithSpatial(2, 3, 3)), Fractional3d, b.VolumeGrad),
            Argument, "gradOutput", "gradOutput has shape [2, 3, 2, 3, 2], but fractional_max_pool3d of an input of shape [2, 3, 4, 6, 6] gives [2, 3, 2, 3, 3]."),
        new("fractional backward with 2D samples",
            (e, b) => e.FractionalMaxPool3dBackward(e.Allocate<float>(Volume.WithSpatial(2, 3, 3)), e.Allocate<long>(Volume.WithSpatial(2, 3, 3)), Fractional3d, b.VolumeGrad, samples: e.Allocate<float>(TensorShape.Of1d(2, 3, 2))),
            Argument, "samples", "Expect _random_samples.size(2) equals to 3; got 2."),
    ];

    private static FractionalMaxPool3dOptions Fractional3d => new(2) { OutputSize = (2, 3, 3) };

    /// <summary>Samples of 0.5 for every plane of <paramref name="shape"/>.</summary>
    private static double[] Half(TensorShape shape, int rank) => [.. Enumerable.Repeat(0.5, (int)(shape.Planes * rank))];

    private static OracleCase Torch(string op, TensorShape shape, OracleParams parameters) =>
        new(op, op, shape.Sizes(), TestData.Make(shape.Length, DataKind.Random, 4), parameters);
}
