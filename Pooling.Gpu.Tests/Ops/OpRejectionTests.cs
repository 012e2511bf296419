using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every validation rule of the 1D, 3D, power-average and unpooling ops: the options' per-field
/// checks when a value is set, the rules that need the input, buffer shapes and the unpooling
/// indices. Each is refused with its exception type, the parameter's name and the message, and
/// leaves every caller buffer as it was; where PyTorch 1.13 has the same rule, it is asked too and
/// must say the same.
/// </summary>
public sealed class OpRejectionTests
{
    private static readonly TensorShape Line = TensorShape.Of1d(2, 3, 8);
    private static readonly TensorShape Volume = TensorShape.Of3d(2, 3, 4, 6, 6);
    private static readonly TensorShape Plane = new(1, 1, 2, 2);
    private static readonly TensorShape PooledLine = Line.WithSpatial(1, 1, 4);
    private static readonly TensorShape PooledVolume = Volume.WithSpatial(2, 3, 3);

    /// <summary>
    /// A refused call: the exception's type and parameter, the start of its message, and the
    /// PyTorch call that must fail with <see cref="TorchSays"/> in its message (null where PyTorch
    /// has no such rule or words it otherwise; the reason is in the row's name).
    /// </summary>
    public sealed record Rejection(string Name, Action<PoolingEngine, Buffers> Call, Type Exception, string Parameter, string Message, OracleCase? Torch = null, string? TorchSays = null)
    {
        public override string ToString() => Name;
    }

    /// <summary>Valid inputs of each rank and poisoned outputs, gradients and indices that a refused call must leave alone.</summary>
    public sealed class Buffers(PoolingEngine engine) : IDisposable
    {
        public DeviceTensor<float> LineInput { get; } = engine.Upload<float>(TestData.Make(Line.Length, DataKind.Random, 1), Line);

        public DeviceTensor<float> VolumeInput { get; } = engine.Upload<float>(TestData.Make(Volume.Length, DataKind.Random, 2), Volume);

        public DeviceTensor<float> PlaneInput { get; } = engine.Upload<float>([1, 2, 3, 4], Plane);

        public DeviceTensor<float> LineOutput { get; } = Poison.Values(engine, Line.WithSpatial(1, 1, 4));

        public DeviceTensor<long> LineIndices { get; } = Poison.Indices(engine, Line.WithSpatial(1, 1, 4));

        public DeviceTensor<float> VolumeOutput { get; } = Poison.Values(engine, Volume.WithSpatial(2, 3, 3));

        public DeviceTensor<float> LineGrad { get; } = Poison.Values(engine, Line);

        public DeviceTensor<float> VolumeGrad { get; } = Poison.Values(engine, Volume);

        public DeviceTensor<float> PlaneGrad { get; } = Poison.Values(engine, Plane);

        public DeviceTensor<float> Unpooled { get; } = Poison.Values(engine, Plane.WithSpatial(4, 4));

        public void AssertStillPoisoned()
        {
            foreach (var values in new[] { LineOutput, VolumeOutput, LineGrad, VolumeGrad, PlaneGrad, Unpooled })
            {
                Assert.That(values.ToArray(), Is.All.EqualTo(Poison.Value), $"{values.Shape} was written");
            }

            Assert.That(LineIndices.ToArray(), Is.All.EqualTo(Poison.Index), "indices were written");
        }

        public DeviceTensor<long> Indices(PoolingEngine e, long[] values, TensorShape shape) => e.Upload<long>(values, shape);

        public void Dispose()
        {
            foreach (var t in new IDisposable[] { LineInput, VolumeInput, PlaneInput, LineOutput, LineIndices, VolumeOutput, LineGrad, VolumeGrad, PlaneGrad, Unpooled })
            {
                t.Dispose();
            }
        }
    }

    private static readonly Type Range = typeof(ArgumentOutOfRangeException);
    private static readonly Type Argument = typeof(ArgumentException);

    private static IEnumerable<Rejection> Rejections =>
    [
        // Options, checked when set: max_pool1d's own wording.
        new("max_pool1d kernel 0", (_, _) => _ = new MaxPool1dOptions(0), Range, "KernelSize", "max_pool1d() kernel_size must be greater than zero, but got 0",
            Torch(OracleOp.MaxPool1d, Line, new() { KernelSize = 0 }), "max_pool1d() kernel_size must be greater than zero, but got 0"),
        new("max_pool1d stride 0", (_, _) => _ = new MaxPool1dOptions(2) { Stride = 0 }, Range, "Stride", "max_pool1d() stride must be greater than zero, but got 0",
            Torch(OracleOp.MaxPool1d, Line, new() { KernelSize = 2, Stride = 0 }), "max_pool1d() stride must be greater than zero, but got 0"),
        new("max_pool1d padding -1", (_, _) => _ = new MaxPool1dOptions(2) { Padding = -1 }, Range, "Padding", "max_pool1d() padding must be non-negative, but got -1",
            Torch(OracleOp.MaxPool1d, Line, new() { KernelSize = 2, Padding = -1 }), "max_pool1d() padding must be non-negative, but got -1"),
        new("max_pool1d dilation 0", (_, _) => _ = new MaxPool1dOptions(2) { Dilation = 0 }, Range, "Dilation", "max_pool1d() dilation must be greater than zero, but got 0",
            Torch(OracleOp.MaxPool1d, Line, new() { KernelSize = 2, Dilation = 0 }), "max_pool1d() dilation must be greater than zero, but got 0"),

        // 3D options: PyTorch's pool3d wording (1.13 says "stride should not be zero" first, from its shape computation).
        new("max_pool3d kernel kT 0", (_, _) => _ = new MaxPool3dOptions((0, 2, 2)), Range, "KernelSize", "kernel size should be greater than zero, but got kT: 0 kH: 2 kW: 2",
            Torch(OracleOp.MaxPool3d, Volume, new() { KernelSize = (Size3)(0, 2, 2), Stride = 1 }), "kernel size should be greater than zero, but got kT: 0 kH: 2 kW: 2"),
        new("max_pool3d stride dH 0 (1.13: stride should not be zero)", (_, _) => _ = new MaxPool3dOptions(2) { Stride = (1, 0, 1) }, Range, "Stride",
            "stride should be greater than zero, but got dT: 1 dH: 0 dW: 1"),
        new("max_pool3d dilation dilationT 0", (_, _) => _ = new MaxPool3dOptions(2) { Dilation = (0, 1, 1) }, Range, "Dilation",
            "dilation should be greater than zero, but got dilationT: 0 dilationH: 1 dilationW: 1",
            Torch(OracleOp.MaxPool3d, Volume, new() { KernelSize = 2, Stride = 1, Dilation = (Size3)(0, 1, 1) }), "dilation should be greater than zero, but got dilationT: 0 dilationH: 1 dilationW: 1"),
        new("max_pool3d padding -1", (_, _) => _ = new MaxPool3dOptions(2) { Padding = (0, -1, 0) }, Range, "Padding", "pad must be non-negative, but got pad: -1",
            Torch(OracleOp.MaxPool3d, Volume, new() { KernelSize = 2, Padding = (Size3)(0, -1, 0) }), "pad must be non-negative, but got pad: -1"),
        new("avg_pool3d kernel kH 0", (_, _) => _ = new AvgPool3dOptions((2, 0, 2)), Range, "KernelSize", "kernel size should be greater than zero, but got kT: 2 kH: 0 kW: 2",
            Torch(OracleOp.AvgPool3d, Volume, new() { KernelSize = (Size3)(2, 0, 2), Stride = 1 }), "kernel size should be greater than zero, but got kT: 2 kH: 0 kW: 2"),
        new("avg_pool3d stride dW 0 (1.13: stride should not be zero)", (_, _) => _ = new AvgPool3dOptions(2) { Stride = (1, 1, 0) }, Range, "Stride",
            "stride should be greater than zero, but got dT: 1 dH: 1 dW: 0"),
        new("avg_pool3d padding -2", (_, _) => _ = new AvgPool3dOptions(2) { Padding = -2 }, Range, "Padding", "pad must be non-negative, but got pad: -2",
            Torch(OracleOp.AvgPool3d, Volume, new() { KernelSize = 2, Padding = -2 }), "pad must be non-negative, but got pad: -2"),
        new("avg_pool3d divisor 0", (_, _) => _ = new AvgPool3dOptions(2) { DivisorOverride = 0 }, Range, "DivisorOverride", "divisor must be not zero",
            Torch(OracleOp.AvgPool3d, Volume, new() { KernelSize = 2, DivisorOverride = 0 }), "divisor must be not zero"),

        // avg_pool1d and lp_pool1d: PyTorch pools 1D as 2D, and words it so (1.13 names a zero stride "should not be zero").
        new("avg_pool1d kernel 0", (_, _) => _ = new AvgPool1dOptions(0), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0",
            Torch(OracleOp.AvgPool1d, Line, new() { KernelSize = 0, Stride = 1 }), "kernel size should be greater than zero, but got kH: 1 kW: 0"),
        new("avg_pool1d stride 0 (1.13: stride should not be zero)", (_, _) => _ = new AvgPool1dOptions(2) { Stride = 0 }, Range, "Stride", "stride should be greater than zero, but got dH: 1 dW: 0"),
        new("avg_pool1d padding -1", (_, _) => _ = new AvgPool1dOptions(2) { Padding = -1 }, Range, "Padding", "pad must be non-negative, but got pad: -1",
            Torch(OracleOp.AvgPool1d, Line, new() { KernelSize = 2, Padding = -1 }), "pad must be non-negative, but got pad: -1"),
        new("lp_pool1d kernel 0", (_, _) => _ = new LPPool1dOptions(2, 0), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0",
            Torch(OracleOp.LPPool1d, Line, new() { NormType = 2, KernelSize = 0, Stride = 1 }), "kernel size should be greater than zero, but got kH: 1 kW: 0"),
        new("lp_pool2d kernel 0", (_, _) => _ = new LPPool2dOptions(2, (2, 0)), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 2 kW: 0",
            Torch(OracleOp.LPPool2d, new(1, 2, 4, 4), new() { NormType = 2, KernelSize = (2, 0), Stride = 1 }), "kernel size should be greater than zero, but got kH: 2 kW: 0"),
        new("lp_pool2d stride 0 (1.13: stride should not be zero)", (_, _) => _ = new LPPool2dOptions(2, 2) { Stride = (0, 1) }, Range, "Stride", "stride should be greater than zero, but got dH: 0 dW: 1"),
        new("lp_pool norm 0 (PyTorch: a Python division by zero)", (_, _) => _ = new LPPool1dOptions(0, 2), Range, "NormType", "norm_type must be finite and not zero, but got 0"),
        new("lp_pool norm inf (PyTorch: 1 everywhere)", (_, _) => _ = new LPPool2dOptions(double.PositiveInfinity, 2), Range, "NormType", "norm_type must be finite and not zero, but got inf"),
        new("lp_pool norm NaN (PyTorch: NaN everywhere)", (_, _) => _ = new LPPool2dOptions(double.NaN, 2), Range, "NormType", "norm_type must be finite and not zero, but got nan"),
        new("max_unpool2d kernel 0 (PyTorch: no check, an empty output)", (_, _) => _ = new MaxUnpool2dOptions(0), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 0 kW: 0"),
        new("max_unpool2d stride 0 (PyTorch: no check)", (_, _) => _ = new MaxUnpool2dOptions(2) { Stride = (2, 0) }, Range, "Stride", "stride should be greater than zero, but got dH: 2 dW: 0"),
        new("max_unpool2d padding -1 (PyTorch: no check, a larger output)", (_, _) => _ = new MaxUnpool2dOptions(2) { Padding = -1 }, Range, "Padding", "pad must be non-negative, but got pad: -1"),
        new("max_unpool1d kernel 0 (PyTorch: no check, an empty output)", (_, _) => _ = new MaxUnpool1dOptions(0), Range, "KernelSize", "kernel size should be greater than zero, but got kH: 1 kW: 0"),
        new("max_unpool1d padding -1 (PyTorch: no check, a larger output)", (_, _) => _ = new MaxUnpool1dOptions(2) { Padding = -1 }, Range, "Padding", "pad must be non-negative, but got pad: -1"),
        new("max_unpool3d kernel 0 (PyTorch: its stride, the kernel, is refused)", (_, _) => _ = new MaxUnpool3dOptions((2, 0, 2)), Range, "KernelSize",
            "kernel size should be greater than zero, but got kT: 2 kH: 0 kW: 2"),
        new("max_unpool3d stride 0", (_, _) => _ = new MaxUnpool3dOptions(2) { Stride = (1, 0, 1) }, Range, "Stride", "strides should be greater than zero, but got stride: [1, 0, 1]",
            Torch(OracleOp.MaxUnpool3d, PooledVolume, new() { KernelSize = 2, Stride = (Size3)(1, 0, 1) }, new long[PooledVolume.Length]), "strides should be greater than zero, but got stride: [1, 0, 1]"),
        new("max_unpool3d padding -1 (PyTorch: no check, a larger output)", (_, _) => _ = new MaxUnpool3dOptions(2) { Padding = (0, 0, -1) }, Range, "Padding", "pad must be non-negative, but got pad: -1"),
        new("lp_pool3d kernel kT 0", (_, _) => _ = new LPPool3dOptions(2, (0, 2, 2)), Range, "KernelSize", "kernel size should be greater than zero, but got kT: 0 kH: 2 kW: 2",
            Torch(OracleOp.LPPool3d, Volume, new() { NormType = 2, KernelSize = (Size3)(0, 2, 2), Stride = 1 }), "kernel size should be greater than zero, but got kT: 0 kH: 2 kW: 2"),
        new("lp_pool3d stride 0 (1.13: stride should not be zero)", (_, _) => _ = new LPPool3dOptions(2, 2) { Stride = (1, 1, 0) }, Range, "Stride", "stride should be greater than zero, but got dT: 1 dH: 1 dW: 0"),

        // Rules that need the input.
        new("max_pool1d padding past half the effective kernel", (e, b) => e.MaxPool(b.LineInput, new MaxPool1dOptions(3) { Padding = 2, Stride = 1 }, b.LineOutput), Range, "Padding",
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
            Torch(OracleOp.MaxPool1d, Line, new() { KernelSize = 3, Stride = 1, Padding = 2, ReturnIndices = true }), "pad should be at most half of"),
        new("max_pool1d output too small (1.13 without indices: an empty tensor)", (e, b) => e.MaxPoolWithIndices(e.Allocate<float>(TensorShape.Of1d(2, 3, 2)), new MaxPool1dOptions(3), b.LineOutput, b.LineIndices),
            Range, "input", "Given input size: (3x1x2). Calculated output size: (3x1x0). Output size is too small",
            Torch(OracleOp.MaxPool1d, TensorShape.Of1d(2, 3, 2), new() { KernelSize = 3, ReturnIndices = true }), "Given input size: (3x1x2). Calculated output size: (3x1x0). Output size is too small"),
        new("max_pool1d empty length", (e, _) => e.MaxPool(e.Allocate<float>(TensorShape.Of1d(2, 3, 0)), new MaxPool1dOptions(2)), Argument, "input",
            "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 0]",
            Torch(OracleOp.MaxPool1d, TensorShape.Of1d(2, 3, 0), new() { KernelSize = 2 }), "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[2, 3, 0]"),
        new("max_pool1d of a 2D shape", (e, b) => e.MaxPool(e.Allocate<float>(new TensorShape(2, 3, 4, 4)), new MaxPool1dOptions(2), b.LineOutput), Argument, "input",
            "max_pool1d takes a 1D shape (N, C, L) or (C, L), but got the 2D shape [2, 3, 4, 4]."),
        new("max_pool3d output too small", (e, _) => e.MaxPool(e.Allocate<float>(TensorShape.Of3d(2, 3, 2, 6, 6)), new MaxPool3dOptions(3)), Range, "input",
            "Given input size: (3x2x6x6). Calculated output size: (3x0x2x2). Output size is too small",
            Torch(OracleOp.MaxPool3d, TensorShape.Of3d(2, 3, 2, 6, 6), new() { KernelSize = 3 }), "Given input size: (3x2x6x6). Calculated output size: (3x0x2x2). Output size is too small"),
        new("max_pool3d empty depth", (e, _) => e.MaxPool(e.Allocate<float>(TensorShape.Of3d(2, 3, 0, 6, 6)), new MaxPool3dOptions(2)), Argument, "input",
            "max_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [2, 3, 0, 6, 6] and non-batch dimension 0 has length zero!",
            Torch(OracleOp.MaxPool3d, TensorShape.Of3d(2, 3, 0, 6, 6), new() { KernelSize = 2 }),
            "Expected input's non-batch dimensions to have positive length, but input has a shape of [2, 3, 0, 6, 6] and non-batch dimension 0 has length zero!"),
        new("avg_pool3d input smaller than the kernel though padded", (e, _) => e.AvgPool(e.Allocate<float>(TensorShape.Of3d(1, 1, 2, 6, 6)), new AvgPool3dOptions(3) { Stride = 1, Padding = 1 }),
            Range, "input", "input image (T: 2 H: 6 W: 6) smaller than kernel size (kT: 3 kH: 3 kW: 3)",
            Torch(OracleOp.AvgPool3d, TensorShape.Of3d(1, 1, 2, 6, 6), new() { KernelSize = 3, Stride = 1, Padding = 1 }), "input image (T: 2 H: 6 W: 6) smaller than kernel size (kT: 3 kH: 3 kW: 3)"),
        new("avg_pool3d padding past half the kernel", (e, b) => e.AvgPool(b.VolumeInput, new AvgPool3dOptions(3) { Padding = (0, 2, 0) }, b.VolumeOutput), Range, "Padding",
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
            Torch(OracleOp.AvgPool3d, Volume, new() { KernelSize = 3, Padding = (Size3)(0, 2, 0) }), "pad should be at most half of"),
        new("avg_pool1d output too small", (e, _) => e.AvgPool(e.Allocate<float>(TensorShape.Of1d(2, 3, 2)), new AvgPool1dOptions(3)), Range, "input",
            "Given input size: (3x1x2). Calculated output size: (3x1x0). Output size is too small",
            Torch(OracleOp.AvgPool1d, TensorShape.Of1d(2, 3, 2), new() { KernelSize = 3 }), "Given input size: (3x1x2). Calculated output size: (3x1x0). Output size is too small"),
        new("lp_pool1d output too small", (e, _) => e.LPPool(e.Allocate<float>(TensorShape.Of1d(1, 2, 1)), new LPPool1dOptions(2, 2)), Range, "input",
            "Given input size: (2x1x1). Calculated output size: (2x1x0). Output size is too small",
            Torch(OracleOp.LPPool1d, TensorShape.Of1d(1, 2, 1), new() { NormType = 2, KernelSize = 2 }), "Given input size: (2x1x1). Calculated output size: (2x1x0). Output size is too small"),
        new("max_pool2d output negative", (e, b) => e.MaxPool(b.PlaneInput, new MaxPool2dOptions(4) { Stride = 1 }), Range, "input",
            "Given input size: (1x2x2). Calculated output size: (1x-1x-1). Output size is too small",
            Torch(OracleOp.MaxPool2d, Plane, new() { KernelSize = 4, Stride = 1 }), "Given input size: (1x2x2). Calculated output size: (1x-1x-1). Output size is too small"),
        new("max_pool2d output negative along H only, dilated", (e, _) => e.MaxPoolWithIndices(e.Allocate<float>(new TensorShape(1, 3, 2, 9)), new MaxPool2dOptions(3) { Stride = 1, Dilation = 2 }), Range, "input",
            "Given input size: (3x2x9). Calculated output size: (3x-2x5). Output size is too small",
            Torch(OracleOp.MaxPool2d, new(1, 3, 2, 9), new() { KernelSize = 3, Stride = 1, Dilation = 2, ReturnIndices = true }), "Given input size: (3x2x9). Calculated output size: (3x-2x5). Output size is too small"),
        new("avg_pool2d output negative", (e, b) => e.AvgPool(b.PlaneInput, new AvgPool2dOptions((4, 2)) { Stride = 1 }), Range, "input",
            "Given input size: (1x2x2). Calculated output size: (1x-1x1). Output size is too small",
            Torch(OracleOp.AvgPool2d, Plane, new() { KernelSize = (4, 2), Stride = 1 }), "Given input size: (1x2x2). Calculated output size: (1x-1x1). Output size is too small"),
        new("lp_pool2d output negative", (e, b) => e.LPPool(b.PlaneInput, new LPPool2dOptions(2, 4) { Stride = 1 }), Range, "input",
            "Given input size: (1x2x2). Calculated output size: (1x-1x-1). Output size is too small",
            Torch(OracleOp.LPPool2d, Plane, new() { NormType = 2, KernelSize = 4, Stride = 1 }), "Given input size: (1x2x2). Calculated output size: (1x-1x-1). Output size is too small"),
        new("max_pool1d output negative (1.13 without indices: Invalid computed output size)", (e, b) => e.MaxPoolWithIndices(e.Allocate<float>(TensorShape.Unbatched1d(3, 2)), new MaxPool1dOptions(5) { Stride = 1 }),
            Range, "input", "Given input size: (3x1x2). Calculated output size: (3x1x-2). Output size is too small",
            Torch(OracleOp.MaxPool1d, TensorShape.Unbatched1d(3, 2), new() { KernelSize = 5, Stride = 1, ReturnIndices = true }), "Given input size: (3x1x2). Calculated output size: (3x1x-2). Output size is too small"),
        new("avg_pool1d output negative", (e, _) => e.AvgPool(e.Allocate<float>(TensorShape.Of1d(1, 1, 2)), new AvgPool1dOptions(4) { Stride = 1 }), Range, "input",
            "Given input size: (1x1x2). Calculated output size: (1x1x-1). Output size is too small",
            Torch(OracleOp.AvgPool1d, TensorShape.Of1d(1, 1, 2), new() { KernelSize = 4, Stride = 1 }), "Given input size: (1x1x2). Calculated output size: (1x1x-1). Output size is too small"),
        new("lp_pool1d output negative", (e, _) => e.LPPool(e.Allocate<float>(TensorShape.Of1d(1, 1, 2)), new LPPool1dOptions(2, 4) { Stride = 1 }), Range, "input",
            "Given input size: (1x1x2). Calculated output size: (1x1x-1). Output size is too small",
            Torch(OracleOp.LPPool1d, TensorShape.Of1d(1, 1, 2), new() { NormType = 2, KernelSize = 4, Stride = 1 }), "Given input size: (1x1x2). Calculated output size: (1x1x-1). Output size is too small"),
        new("max_pool3d output negative along H", (e, _) => e.MaxPool(e.Allocate<float>(TensorShape.Of3d(1, 2, 3, 2, 5)), new MaxPool3dOptions((1, 4, 1)) { Stride = 1 }), Range, "input",
            "Given input size: (2x3x2x5). Calculated output size: (2x3x-1x5). Output size is too small",
            Torch(OracleOp.MaxPool3d, TensorShape.Of3d(1, 2, 3, 2, 5), new() { KernelSize = (Size3)(1, 4, 1), Stride = 1 }), "Given input size: (2x3x2x5). Calculated output size: (2x3x-1x5). Output size is too small"),
        new("adaptive_avg_pool1d output 0 (1.13: an empty tensor)", (e, b) => e.AdaptiveAvgPool1d(b.LineInput, 0, b.LineOutput), Range, "outputSize",
            "adaptive_avg_pool1d: elements of output_size must be greater than or equal to 1 but received {0}"),
        new("adaptive_max_pool3d output 0", (e, b) => e.AdaptiveMaxPool3d(b.VolumeInput, (2, 0, 2)), Range, "outputSize",
            "adaptive_max_pool3d: elements of output_size must be greater than or equal to 1 but received {2, 0, 2}"),
        new("adaptive_max_pool1d empty length (1.13 words it as 2D)", (e, _) => e.AdaptiveMaxPool1d(e.Allocate<float>(TensorShape.Of1d(2, 3, 0)), 2), Argument, "input",
            "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0] with dimension 2 being empty",
            Torch(OracleOp.AdaptiveMaxPool1d, TensorShape.Of1d(2, 3, 0), new() { OutputSize = 2 }), "Expected input to have non-zero size for non-batch dimensions"),
        new("adaptive_avg_pool3d empty depth", (e, _) => e.AdaptiveAvgPool3d(e.Allocate<float>(TensorShape.Of3d(2, 3, 0, 2, 2)), 2), Argument, "input",
            "adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 2, 2] with dimension 2 being empty",
            Torch(OracleOp.AdaptiveAvgPool3d, TensorShape.Of3d(2, 3, 0, 2, 2), new() { OutputSize = 2 }),
            "adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 2, 2] with dimension 2 being empty"),
        // Empty channels, op by op as PyTorch 1.13 (the accepted ones are in EmptyChannelTests).
        new("adaptive_max_pool1d batched empty channels (1.13 words it as 2D)", (e, _) => e.AdaptiveMaxPool1d(e.Allocate<float>(TensorShape.Of1d(1, 0, 4)), 2), Argument, "input",
            "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4] with dimension 1 being empty",
            Torch(OracleOp.AdaptiveMaxPool1d, TensorShape.Of1d(1, 0, 4), new() { OutputSize = 2 }), "Expected input to have non-zero size for non-batch dimensions"),
        new("adaptive_max_pool2d batched empty channels", (e, _) => e.AdaptiveMaxPool2dWithIndices(e.Allocate<float>(new TensorShape(1, 0, 4, 4)), 2), Argument, "input",
            "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4, 4] with dimension 1 being empty",
            Torch(OracleOp.AdaptiveMaxPool2d, new(1, 0, 4, 4), new() { OutputSize = 2, ReturnIndices = true }),
            "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4, 4] with dimension 1 being empty"),
        new("adaptive_avg_pool3d batched empty channels", (e, _) => e.AdaptiveAvgPool3d(e.Allocate<float>(TensorShape.Of3d(1, 0, 4, 4, 4)), 2), Argument, "input",
            "adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4, 4, 4] with dimension 1 being empty",
            Torch(OracleOp.AdaptiveAvgPool3d, TensorShape.Of3d(1, 0, 4, 4, 4), new() { OutputSize = 2 }),
            "adaptive_avg_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 0, 4, 4, 4] with dimension 1 being empty"),
        new("adaptive_max_pool3d batched empty channels", (e, _) => e.AdaptiveMaxPool3d(e.Allocate<float>(TensorShape.Of3d(0, 0, 4, 4, 4)), 2), Argument, "input",
            "adaptive_max_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [0, 0, 4, 4, 4] with dimension 1 being empty",
            Torch(OracleOp.AdaptiveMaxPool3d, TensorShape.Of3d(0, 0, 4, 4, 4), new() { OutputSize = 2, ReturnIndices = true }),
            "adaptive_max_pool3d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [0, 0, 4, 4, 4] with dimension 1 being empty"),
        new("adaptive_avg_pool2d unbatched empty channels and height: the height is blamed", (e, _) => e.AdaptiveAvgPool2d(e.Allocate<float>(new TensorShape(0, 0, 10)), 2), Argument, "input",
            "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [0, 0, 10] with dimension 1 being empty",
            Torch(OracleOp.AdaptiveAvgPool2d, new(0, 0, 10), new() { OutputSize = 2 }),
            "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [0, 0, 10] with dimension 1 being empty"),
        new("max_pool2d unbatched empty channels", (e, _) => e.MaxPool(e.Allocate<float>(new TensorShape(0, 10, 10)), new MaxPool2dOptions(2)), Argument, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10, 10]",
            Torch(OracleOp.MaxPool2d, new(0, 10, 10), new() { KernelSize = 2 }), "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10, 10]"),
        new("avg_pool2d batched empty channels", (e, _) => e.AvgPool(e.Allocate<float>(new TensorShape(1, 0, 4, 4)), new AvgPool2dOptions(2)), Argument, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 4, 4]",
            Torch(OracleOp.AvgPool2d, new(1, 0, 4, 4), new() { KernelSize = 2 }), "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 4, 4]"),
        new("lp_pool2d unbatched empty channels", (e, _) => e.LPPool(e.Allocate<float>(new TensorShape(0, 10, 10)), new LPPool2dOptions(2, 2)), Argument, "input",
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10, 10]",
            Torch(OracleOp.LPPool2d, new(0, 10, 10), new() { NormType = 2, KernelSize = 2 }), "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10, 10]"),
        new("max_pool1d unbatched empty channels", (e, _) => e.MaxPoolWithIndices(e.Allocate<float>(TensorShape.Unbatched1d(0, 10)), new MaxPool1dOptions(2)), Argument, "input",
            "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10]",
            Torch(OracleOp.MaxPool1d, TensorShape.Unbatched1d(0, 10), new() { KernelSize = 2 }), "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[0, 10]"),
        new("avg_pool1d batched empty channels (1.13 words it as 2D)", (e, _) => e.AvgPool(e.Allocate<float>(TensorShape.Of1d(1, 0, 4)), new AvgPool1dOptions(2)), Argument, "input",
            "Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 4]",
            Torch(OracleOp.AvgPool1d, TensorShape.Of1d(1, 0, 4), new() { KernelSize = 2 }), "tensor with optional 0 dim batch size for input, but got:[1, 0, 1, 4]"),
        new("max_pool3d unbatched empty channels", (e, _) => e.MaxPool(e.Allocate<float>(TensorShape.Unbatched3d(0, 10, 10, 10)), new MaxPool3dOptions(2)), Argument, "input",
            "max_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [0, 10, 10, 10] and non-batch dimension 0 has length zero!",
            Torch(OracleOp.MaxPool3d, TensorShape.Unbatched3d(0, 10, 10, 10), new() { KernelSize = 2 }),
            "Expected input's non-batch dimensions to have positive length, but input has a shape of [0, 10, 10, 10] and non-batch dimension 0 has length zero!"),
        new("avg_pool3d batched empty channels", (e, _) => e.AvgPool(e.Allocate<float>(TensorShape.Of3d(1, 0, 4, 4, 4)), new AvgPool3dOptions(2)), Argument, "input",
            "avg_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [1, 0, 4, 4, 4] and non-batch dimension 0 has length zero!",
            Torch(OracleOp.AvgPool3d, TensorShape.Of3d(1, 0, 4, 4, 4), new() { KernelSize = 2 }),
            "avg_pool3d(): Expected input's non-batch dimensions to have positive length, but input has a shape of [1, 0, 4, 4, 4] and non-batch dimension 0 has length zero!"),
        new("max_unpool2d output size out of range", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 1, 2, 3], Plane), new MaxUnpool2dOptions(2) { OutputSize = (7, 7) }, b.Unpooled), Range, "OutputSize",
            "invalid output_size \"(7, 7)\" (dim 0 must be between 2 and 6)",
            Torch(OracleOp.MaxUnpool2d, Plane, new() { KernelSize = 2, OutputSize = (7, 7) }, [0, 1, 2, 3]), "invalid output_size \"(7, 7)\" (dim 0 must be between 2 and 6)"),
        new("max_unpool2d output size at the lower bound", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 1, 2, 3], Plane), new MaxUnpool2dOptions(2) { OutputSize = (4, 2) }, b.Unpooled), Range, "OutputSize",
            "invalid output_size \"(4, 2)\" (dim 1 must be between 2 and 6)",
            Torch(OracleOp.MaxUnpool2d, Plane, new() { KernelSize = 2, OutputSize = (4, 2) }, [0, 1, 2, 3]), "invalid output_size \"(4, 2)\" (dim 1 must be between 2 and 6)"),
        new("max_unpool2d empty output (PyTorch: an empty tensor)", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 0, 0, 0], Plane), new MaxUnpool2dOptions(1) { Padding = 1 }), Range, "input",
            "Given input size: (1x2x2). Calculated output size: (1x0x0). Output size is too small"),
        new("max_unpool2d indices shape", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 1, 2, 3, 4, 5], new TensorShape(1, 1, 2, 3)), new MaxUnpool2dOptions(2), b.Unpooled), Argument, "indices",
            "Expected shape of indices to be same as that of the input tensor ([1, 1, 2, 2]) but got indices tensor with shape: [1, 1, 2, 3]"),
        new("max_unpool2d index past the output", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 99, 2, 3], Plane), new MaxUnpool2dOptions(2), b.Unpooled), Argument, "indices",
            "Found an invalid max index: 99 (output volumes are of size 4x4",
            Torch(OracleOp.MaxUnpool2d, Plane, new() { KernelSize = 2 }, [0, 99, 2, 3]), "Found an invalid max index: 99 (output volumes are of size 4x4"),
        new("max_unpool2d negative index", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 1, -1, 3], Plane), new MaxUnpool2dOptions(2)), Argument, "indices",
            "Found an invalid max index: -1 (output volumes are of size 4x4",
            Torch(OracleOp.MaxUnpool2d, Plane, new() { KernelSize = 2 }, [0, 1, -1, 3]), "Found an invalid max index: -1 (output volumes are of size 4x4"),
        new("max_unpool2d backward index past the output", (e, b) => e.MaxUnpoolBackward(e.Allocate<float>(Plane.WithSpatial(4, 4)), b.Indices(e, [16, 1, 2, 3], Plane), new MaxUnpool2dOptions(2), b.PlaneGrad),
            Argument, "indices", "Found an invalid max index: 16 (output volumes are of size 4x4"),
        new("max_unpool2d empty channels", (e, _) => e.MaxUnpool(e.Allocate<float>(new TensorShape(1, 0, 2, 2)), e.Allocate<long>(new TensorShape(1, 0, 2, 2)), new MaxUnpool2dOptions(2)), Argument, "input",
            "max_unpool2d(): Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 2, 2] with dimension 1 being empty.",
            Torch(OracleOp.MaxUnpool2d, new(1, 0, 2, 2), new() { KernelSize = 2 }, []), "Expected input to have non-zero size for non-batch dimensions, but got [1, 0, 2, 2] with dimension 1 being empty."),

        new("max_unpool1d output size out of range", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledLine), b.Indices(e, new long[PooledLine.Length], PooledLine), new MaxUnpool1dOptions(2) { OutputSize = 11 }, b.LineGrad),
            Range, "OutputSize", "invalid output_size \"(11,)\" (dim 0 must be between 6 and 10)",
            Torch(OracleOp.MaxUnpool1d, PooledLine, new() { KernelSize = 2, OutputSize = new[] { 11 } }, new long[PooledLine.Length]), "invalid output_size \"(11,)\" (dim 0 must be between 6 and 10)"),
        new("max_unpool3d output size out of range", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledVolume), b.Indices(e, new long[PooledVolume.Length], PooledVolume), new MaxUnpool3dOptions(2) { OutputSize = (4, 6, 8) }, b.VolumeGrad),
            Range, "OutputSize", "invalid output_size \"(4, 6, 8)\" (dim 2 must be between 4 and 8)",
            Torch(OracleOp.MaxUnpool3d, PooledVolume, new() { KernelSize = 2, OutputSize = (Size3)(4, 6, 8) }, new long[PooledVolume.Length]), "invalid output_size \"(4, 6, 8)\" (dim 2 must be between 4 and 8)"),
        new("max_unpool1d empty output (PyTorch: fails on a negative size)", (e, b) => e.MaxUnpool(e.Allocate<float>(Line.WithSpatial(1, 1, 1)), b.Indices(e, new long[6], Line.WithSpatial(1, 1, 1)), new MaxUnpool1dOptions(1) { Padding = 1 }), Range, "input",
            "Given input size: (3x1). Calculated output size: (3x-1). Output size is too small"),
        new("max_unpool3d empty output (PyTorch: fails on a negative size)", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledVolume), b.Indices(e, new long[PooledVolume.Length], PooledVolume), new MaxUnpool3dOptions((1, 2, 2)) { Padding = (1, 0, 0) }),
            Range, "input", "Given input size: (3x2x3x3). Calculated output size: (3x0x6x6). Output size is too small"),
        new("max_unpool1d indices shape (PyTorch prints both shapes with a width of 1)", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledLine), b.Indices(e, new long[30], Line.WithSpatial(1, 1, 5)), new MaxUnpool1dOptions(2), b.LineGrad),
            Argument, "indices", "Expected shape of indices to be same as that of the input tensor ([2, 3, 4]) but got indices tensor with shape: [2, 3, 5]"),
        new("max_unpool3d indices shape", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledVolume), b.Indices(e, new long[72], Volume.WithSpatial(2, 3, 2)), new MaxUnpool3dOptions(2), b.VolumeGrad),
            Argument, "indices", "Expected shape of indices to be same as that of the input tensor ([2, 3, 2, 3, 3]) but got indices tensor with shape: [2, 3, 2, 3, 2]"),
        new("max_unpool1d index past the output (PyTorch unpools 1D as 2D: 8x1)", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledLine), b.Indices(e, [.. new long[23], 8], PooledLine), new MaxUnpool1dOptions(2), b.LineGrad),
            Argument, "indices", "Found an invalid max index: 8 (output volumes are of size 8x1",
            Torch(OracleOp.MaxUnpool1d, PooledLine, new() { KernelSize = 2 }, [.. new long[23], 8]), "Found an invalid max index: 8 (output volumes are of size 8x1"),
        new("max_unpool3d index past the output", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledVolume), b.Indices(e, [144, .. new long[107]], PooledVolume), new MaxUnpool3dOptions(2), b.VolumeGrad),
            Argument, "indices", "Found an invalid max index: 144 (output volumes are of size 4x6x6",
            Torch(OracleOp.MaxUnpool3d, PooledVolume, new() { KernelSize = 2 }, [144, .. new long[107]]), "Found an invalid max index: 144 (output volumes are of size 4x6x6"),
        new("max_unpool3d negative index", (e, b) => e.MaxUnpool(e.Allocate<float>(PooledVolume), b.Indices(e, [.. new long[53], -1, .. new long[54]], PooledVolume), new MaxUnpool3dOptions(2)),
            Argument, "indices", "Found an invalid max index: -1 (output volumes are of size 4x6x6",
            Torch(OracleOp.MaxUnpool3d, PooledVolume, new() { KernelSize = 2 }, [.. new long[53], -1, .. new long[54]]), "Found an invalid max index: -1 (output volumes are of size 4x6x6"),
        new("max_unpool1d empty channels (PyTorch prints the shape with a width of 1)", (e, _) => e.MaxUnpool(e.Allocate<float>(TensorShape.Of1d(2, 0, 4)), e.Allocate<long>(TensorShape.Of1d(2, 0, 4)), new MaxUnpool1dOptions(2)),
            Argument, "input", "max_unpool1d(): Expected input to have non-zero size for non-batch dimensions, but got [2, 0, 4] with dimension 1 being empty.",
            Torch(OracleOp.MaxUnpool1d, TensorShape.Of1d(2, 0, 4), new() { KernelSize = 2 }, []), "Expected input to have non-zero size for non-batch dimensions, but got [2, 0, 4, 1] with dimension 1 being empty."),
        new("max_unpool3d empty depth", (e, _) => e.MaxUnpool(e.Allocate<float>(TensorShape.Of3d(2, 3, 0, 3, 3)), e.Allocate<long>(TensorShape.Of3d(2, 3, 0, 3, 3)), new MaxUnpool3dOptions(2)),
            Argument, "input", "max_unpool3d(): Expected input to have non-zero size for non-batch dimensions, but got [2, 3, 0, 3, 3] with dimension 2 being empty.",
            Torch(OracleOp.MaxUnpool3d, TensorShape.Of3d(2, 3, 0, 3, 3), new() { KernelSize = 2 }, []), "Expected input to have non-zero size for non-batch dimensions, but got [2, 3, 0, 3, 3] with dimension 2 being empty."),
        new("max_unpool1d of a 2D shape", (e, b) => e.MaxUnpool(b.PlaneInput, b.Indices(e, [0, 1, 2, 3], Plane), new MaxUnpool1dOptions(2)), Argument, "input",
            "max_unpool1d takes a 1D shape (N, C, L) or (C, L), but got the 2D shape [1, 1, 2, 2]."),
        new("lp_pool3d input smaller than the kernel (avg_pool3d's rule)", (e, b) => e.LPPool(e.Allocate<float>(TensorShape.Of3d(2, 3, 2, 6, 6)), new LPPool3dOptions(2, 3), b.VolumeOutput), Range, "input",
            "input image (T: 2 H: 6 W: 6) smaller than kernel size (kT: 3 kH: 3 kW: 3)",
            Torch(OracleOp.LPPool3d, TensorShape.Of3d(2, 3, 2, 6, 6), new() { NormType = 2, KernelSize = 3 }), "input image (T: 2 H: 6 W: 6) smaller than kernel size (kT: 3 kH: 3 kW: 3)"),
        new("lp_pool3d of a 1D shape", (e, b) => e.LPPool(b.LineInput, new LPPool3dOptions(2, 2), b.VolumeOutput), Argument, "input",
            "lp_pool3d takes a 3D shape (N, C, D, H, W) or (C, D, H, W), but got the 1D shape [2, 3, 8]."),

        // Backward calls: shapes must be the forward call's.
        new("max_pool1d backward gradOutput shape", (e, b) => e.MaxPoolBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 3)), b.LineIndices, new MaxPool1dOptions(2), b.LineGrad), Argument, "gradOutput",
            "gradOutput has shape [2, 3, 3], but max_pool1d of an input of shape [2, 3, 8] gives [2, 3, 4]."),
        new("max_pool3d backward indices shape", (e, b) => e.MaxPoolBackward(e.Allocate<float>(Volume.WithSpatial(2, 3, 3)), e.Allocate<long>(Volume.WithSpatial(2, 3, 2)), new MaxPool3dOptions(2), b.VolumeGrad),
            Argument, "indices", "indices has shape [2, 3, 2, 3, 2], but max_pool3d of an input of shape [2, 3, 4, 6, 6] gives [2, 3, 2, 3, 3]."),
        new("avg_pool3d backward gradOutput shape", (e, b) => e.AvgPoolBackward(e.Allocate<float>(Volume), new AvgPool3dOptions(2), b.VolumeGrad), Argument, "gradOutput",
            "gradOutput has shape [2, 3, 4, 6, 6], but avg_pool3d of an input of shape [2, 3, 4, 6, 6] gives [2, 3, 2, 3, 3]."),
        new("adaptive_max_pool1d backward indices shape", (e, b) => e.AdaptiveMaxPool1dBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 4)), e.Allocate<long>(Line.WithSpatial(1, 1, 3)), b.LineGrad),
            Argument, "indices", "indices has shape [2, 3, 3], but adaptive_max_pool1d of an input of shape [2, 3, 8] gives [2, 3, 4]."),
        new("compact 1D indices into a 3D backward", (e, b) => e.MaxPoolBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 4)), e.AllocateMaxPoolIndices(Line, new MaxPool1dOptions(2)), b.VolumeGrad),
            Argument, "gradInput", "gradInput has shape [2, 3, 4, 6, 6], but the forward max pooling had an input of shape [2, 3, 8]."),
        new("lp_pool1d backward input shape", (e, b) => e.LPPoolBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 4)), b.VolumeInput, e.Allocate<float>(Line.WithSpatial(1, 1, 4)), new LPPool1dOptions(2, 2), b.LineGrad),
            Argument, "input", "input has shape [2, 3, 4, 6, 6], but gradInput has shape [2, 3, 8]: both are the forward call's input's."),
        new("lp_pool1d backward output shape", (e, b) => e.LPPoolBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 4)), b.LineInput, e.Allocate<float>(Line), new LPPool1dOptions(2, 2), b.LineGrad),
            Argument, "output", "output has shape [2, 3, 8], but lp_pool1d of an input of shape [2, 3, 8] gives [2, 3, 4]."),
        new("lp_pool1d backward gradInput is the input", (e, b) => e.LPPoolBackward(e.Allocate<float>(Line.WithSpatial(1, 1, 4)), b.LineGrad, e.Allocate<float>(Line.WithSpatial(1, 1, 4)), new LPPool1dOptions(2, 2), b.LineGrad),
            Argument, "gradInput", "gradInput overlaps the input's memory; lp_pool1d cannot work in place."),
        new("max_unpool2d backward gradInput shape", (e, b) => e.MaxUnpoolBackward(e.Allocate<float>(Plane.WithSpatial(4, 4)), b.Indices(e, [0, 1, 2, 3], Plane), new MaxUnpool2dOptions(2), b.LineGrad),
            Argument, "input", "max_unpool2d takes a 2D shape (N, C, H, W) or (C, H, W), but got the 1D shape [2, 3, 8]."),

        new("max_unpool3d backward gradOutput shape", (e, b) => e.MaxUnpoolBackward(e.Allocate<float>(Volume.WithSpatial(4, 6, 5)), b.Indices(e, new long[PooledVolume.Length], PooledVolume), new MaxUnpool3dOptions(2), b.VolumeOutput),
            Argument, "gradOutput", "gradOutput has shape [2, 3, 4, 6, 5], but max_unpool3d of an input of shape [2, 3, 2, 3, 3] gives [2, 3, 4, 6, 6]."),
        new("max_unpool3d backward index past the output", (e, b) => e.MaxUnpoolBackward(e.Allocate<float>(Volume), b.Indices(e, [.. new long[107], 144], PooledVolume), new MaxUnpool3dOptions(2), b.VolumeOutput),
            Argument, "indices", "Found an invalid max index: 144 (output volumes are of size 4x6x6"),
        new("max_unpool1d backward gradInput of another length", (e, b) => e.MaxUnpoolBackward(e.Allocate<float>(Line), b.Indices(e, new long[PooledLine.Length], PooledLine), new MaxUnpool1dOptions(2), b.LineGrad),
            Argument, "gradOutput", "gradOutput has shape [2, 3, 8], but max_unpool1d of an input of shape [2, 3, 8] gives [2, 3, 16]."),
        new("lp_pool3d backward output shape", (e, b) => e.LPPoolBackward(e.Allocate<float>(PooledVolume), b.VolumeInput, e.Allocate<float>(Volume), new LPPool3dOptions(2, 2), b.VolumeGrad),
            Argument, "output", "output has shape [2, 3, 4, 6, 6], but lp_pool3d of an input of shape [2, 3, 4, 6, 6] gives [2, 3, 2, 3, 3]."),
        // Element types the library does not pool.
        new("max_pool3d of uint", (e, _) => e.MaxPool(e.Allocate<uint>(Volume), new MaxPool3dOptions(2)), Argument, "input",
            "Pooling.Gpu pools elements of type float, double, ILGPU.Half, Pooling.Gpu.BFloat16, sbyte, byte, short, int or long, not System.UInt32."),
        new("lp_pool2d of uint", (e, _) => e.LPPool(e.Allocate<uint>(new TensorShape(1, 1, 4, 4)), new LPPool2dOptions(2, 2)), Argument, "input",
            "Pooling.Gpu pools elements of type float, double, ILGPU.Half, Pooling.Gpu.BFloat16, sbyte, byte, short, int or long, not System.UInt32."),
        new("max_unpool2d of uint", (e, b) => e.MaxUnpool(e.Allocate<uint>(Plane), b.Indices(e, [0, 1, 2, 3], Plane), new MaxUnpool2dOptions(2)), Argument, "input",
            "Pooling.Gpu pools elements of type float, double, ILGPU.Half, Pooling.Gpu.BFloat16, sbyte, byte, short, int or long, not System.UInt32."),
        new("max_unpool3d of uint", (e, b) => e.MaxUnpool(e.Allocate<uint>(PooledVolume), b.Indices(e, new long[PooledVolume.Length], PooledVolume), new MaxUnpool3dOptions(2)), Argument, "input",
            "Pooling.Gpu pools elements of type float, double, ILGPU.Half, Pooling.Gpu.BFloat16, sbyte, byte, short, int or long, not System.UInt32."),

        .. FractionalRejections.Rows,
    ];

    private static IEnumerable<Rejection> TorchRejections => Rejections.Where(r => r.Torch is not null);

    [TestCaseSource(nameof(Rejections))]
    public void IsRefusedAndWritesNothing(Rejection rejection)
    {
        var engine = TestEngine.Instance;
        using var buffers = new Buffers(engine);
        var error = Assert.Throws(rejection.Exception, () => rejection.Call(engine, buffers)) as ArgumentException;
        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo(rejection.Parameter));
            Assert.That(error.Message, Does.StartWith(rejection.Message));
        });
        buffers.AssertStillPoisoned();
    }

    [Test]
    public void PyTorchRefusesTheSameCallsWithTheSameWords()
    {
        TorchOracle.RequireAvailable();
        var rows = TorchRejections.ToList();
        var results = TorchOracle.Run([.. rows.Select(r => r.Torch! with { Id = r.Name })]);
        Assert.Multiple(() =>
        {
            foreach (var (row, result) in rows.Zip(results))
            {
                Assert.That(result.Error, Does.Contain(row.TorchSays), row.Name);
            }
        });
    }

    private static OracleCase Torch(string op, TensorShape shape, OracleParams parameters, long[]? indices = null) =>
        new(op, op, shape.Sizes(), TestData.Make(shape.Length, DataKind.Random, 4), parameters, Indices: indices);
}
