namespace Pooling.Gpu.Tests;

/// <summary>
/// Options that do not fit the catalogue's inputs (2D 6x6, 1D length 8, 3D 4x6x6, and the 3x3,
/// 4 and 2x3x3 that unpooling takes), per options type, refused with PyTorch's words as the library gives
/// them: padding past half the kernel, a window larger than the input (avg_pool3d's own rule:
/// the input at least the kernel; fractional pooling's, output + kernel - 1 at most the input in
/// 2D and below it in 3D), lp_pool's exponent 0 or infinity (refused when the options are made, so
/// a caller meets it at the same line), unpooling's output size outside its range, and fractional
/// pooling's output neither sized nor given as a ratio, or a ratio that leaves none.
/// </summary>
public static class OptionSubstitutes
{
    private const string PaddingPastHalf = "with padding past half the kernel";
    private const string WindowLarger = "with a window larger than the input";
    private const string HalfKernel = "pad should be at most half of effective kernel size";
    private const string HalfOf2 = "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1";
    private const string NoOutput = "with neither an output size nor a ratio";
    private const string RatioOfNothing = "with a ratio that leaves no output";
    private const string LineTooSmall = "Given input size: (3x1x8). Calculated output size: (3x1x0). Output size is too small";

    private static readonly Dictionary<Type, Substitute[]> ByType = new()
    {
        [typeof(MaxPool2dOptions)] =
        [
            Changed<MaxPool2dOptions>(PaddingPastHalf, o => o with { Padding = 2 }, "Padding", HalfKernel),
            Changed<MaxPool2dOptions>(WindowLarger, o => o with { KernelSize = 7 }, "input", "Output size is too small"),
        ],
        [typeof(AvgPool2dOptions)] =
        [
            Changed<AvgPool2dOptions>(PaddingPastHalf, o => o with { Padding = 2 }, "Padding", HalfKernel),
            Changed<AvgPool2dOptions>(WindowLarger, o => o with { KernelSize = 7 }, "input", "Output size is too small"),
        ],
        [typeof(MaxPool1dOptions)] =
        [
            Changed<MaxPool1dOptions>(PaddingPastHalf, o => o with { Padding = 2 }, "Padding", HalfOf2),
            Changed<MaxPool1dOptions>(WindowLarger, o => o with { KernelSize = 9 }, "input", LineTooSmall),
        ],
        [typeof(AvgPool1dOptions)] =
        [
            Changed<AvgPool1dOptions>(PaddingPastHalf, o => o with { Padding = 2 }, "Padding", HalfOf2),
            Changed<AvgPool1dOptions>(WindowLarger, o => o with { KernelSize = 9 }, "input", LineTooSmall),
        ],
        [typeof(MaxPool3dOptions)] =
        [
            Changed<MaxPool3dOptions>(PaddingPastHalf, o => o with { Padding = (2, 0, 0) }, "Padding", HalfOf2),
            Changed<MaxPool3dOptions>(WindowLarger, o => o with { KernelSize = (5, 1, 1) }, "input",
                "Given input size: (3x4x6x6). Calculated output size: (3x0x6x6). Output size is too small"),
        ],
        [typeof(AvgPool3dOptions)] =
        [
            Changed<AvgPool3dOptions>(PaddingPastHalf, o => o with { Padding = (0, 0, 2) }, "Padding", HalfOf2),
            Changed<AvgPool3dOptions>(WindowLarger, o => o with { KernelSize = (5, 1, 1) }, "input",
                "input image (T: 4 H: 6 W: 6) smaller than kernel size (kT: 5 kH: 1 kW: 1)"),
        ],
        [typeof(LPPool1dOptions)] =
        [
            Changed<LPPool1dOptions>(WindowLarger, o => o with { KernelSize = 9 }, "input", LineTooSmall),
            Changed<LPPool1dOptions>("with norm type 0", o => o with { NormType = 0 }, "NormType", "norm_type must be finite and not zero, but got 0"),
            Changed<LPPool1dOptions>("with norm type infinity", o => o with { NormType = double.PositiveInfinity }, "NormType", "norm_type must be finite and not zero, but got inf"),
        ],
        [typeof(LPPool2dOptions)] =
        [
            Changed<LPPool2dOptions>(WindowLarger, o => o with { KernelSize = 7 }, "input",
                "Given input size: (3x6x6). Calculated output size: (3x0x0). Output size is too small"),
            Changed<LPPool2dOptions>("with norm type 0", o => o with { NormType = 0 }, "NormType", "norm_type must be finite and not zero, but got 0"),
            Changed<LPPool2dOptions>("with norm type infinity", o => o with { NormType = double.PositiveInfinity }, "NormType", "norm_type must be finite and not zero, but got inf"),
        ],
        [typeof(LPPool3dOptions)] =
        [
            Changed<LPPool3dOptions>(WindowLarger, o => o with { KernelSize = (5, 1, 1) }, "input",
                "input image (T: 4 H: 6 W: 6) smaller than kernel size (kT: 5 kH: 1 kW: 1)"),
            Changed<LPPool3dOptions>("with norm type 0", o => o with { NormType = 0 }, "NormType", "norm_type must be finite and not zero, but got 0"),
        ],
        [typeof(MaxUnpool1dOptions)] =
        [
            Changed<MaxUnpool1dOptions>("with an output size past default + stride", o => o with { OutputSize = 11 }, "OutputSize",
                "invalid output_size \"(11,)\" (dim 0 must be between 6 and 10)"),
            Changed<MaxUnpool1dOptions>("with padding that leaves no output", o => o with { Padding = 4 }, "input",
                "Given input size: (3x4). Calculated output size: (3x0). Output size is too small"),
        ],
        [typeof(MaxUnpool3dOptions)] =
        [
            Changed<MaxUnpool3dOptions>("with an output size past default + stride", o => o with { OutputSize = (4, 6, 8) }, "OutputSize",
                "invalid output_size \"(4, 6, 8)\" (dim 2 must be between 4 and 8)"),
            Changed<MaxUnpool3dOptions>("with padding that leaves no output", o => o with { Padding = (2, 0, 0) }, "input",
                "Given input size: (3x2x3x3). Calculated output size: (3x0x6x6). Output size is too small"),
        ],
        [typeof(FractionalMaxPool2dOptions)] =
        [
            Changed<FractionalMaxPool2dOptions>(WindowLarger, o => o with { KernelSize = (5, 2) }, "input",
                "fractional_max_pool2d(): pool height 5 too large relative to input height 6"),
            Changed<FractionalMaxPool2dOptions>(NoOutput, o => o with { OutputSize = null }, "OutputSize",
                "fractional_max_pool2d requires specifying either an output_size or an output_ratio", typeof(ArgumentException)),
            Changed<FractionalMaxPool2dOptions>(RatioOfNothing, o => o with { OutputSize = null, OutputRatio = (0.5, 0.1) }, "OutputRatio",
                "fractional_max_pool2d: output_ratio (0.5, 0.1) of an input of [2, 3, 6, 6] gives the output size (3, 0)"),
        ],
        [typeof(FractionalMaxPool3dOptions)] =
        [
            // PyTorch's 3D rule is strict: output + kernel - 1 must be below the input (2 + 3 - 1 = 4 is not).
            Changed<FractionalMaxPool3dOptions>(WindowLarger, o => o with { KernelSize = (3, 2, 2) }, "input",
                "fractional_max_pool3d_out(): pool time 3 too large relative to input time 4"),
            Changed<FractionalMaxPool3dOptions>(NoOutput, o => o with { OutputSize = null }, "OutputSize",
                "fractional_max_pool3d requires specifying either an output_size or an output_ratio", typeof(ArgumentException)),
            Changed<FractionalMaxPool3dOptions>(RatioOfNothing, o => o with { OutputSize = null, OutputRatio = (0.2, 0.5, 0.5) }, "OutputRatio",
                "fractional_max_pool3d: output_ratio (0.2, 0.5, 0.5) of an input of [2, 3, 4, 6, 6] gives the output size (0, 3, 3)"),
        ],
        [typeof(MaxUnpool2dOptions)] =
        [
            Changed<MaxUnpool2dOptions>("with an output size past default + stride", o => o with { OutputSize = (9, 6) }, "OutputSize",
                "invalid output_size \"(9, 6)\" (dim 0 must be between 4 and 8)"),
            Changed<MaxUnpool2dOptions>("with padding that leaves no output", o => o with { Padding = 3 }, "input",
                "Given input size: (3x3x3). Calculated output size: (3x0x0). Output size is too small"),
        ],
    };

    public static IEnumerable<Substitute> For(Type type) => ByType.GetValueOrDefault(type) ?? [];

    private static Substitute Changed<T>(string what, Func<T, T> change, string parameter, string message, Type? exception = null) =>
        new(what, (_, a) => change((T)a), exception ?? typeof(ArgumentOutOfRangeException), parameter, message);
}
