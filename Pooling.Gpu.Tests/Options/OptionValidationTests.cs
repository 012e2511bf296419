using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Each option is checked when it is set, with PyTorch's wording and the parameter's name, so a
/// bad value never reaches an op.
/// </summary>
public sealed class OptionValidationTests
{
    [TestCase(0, 2, "kernel size should be greater than zero, but got kH: 0 kW: 2")]
    [TestCase(3, -1, "kernel size should be greater than zero, but got kH: 3 kW: -1")]
    public void KernelMustBePositive(int kh, int kw, string message)
    {
        AssertRejected(() => new MaxPool2dOptions((kh, kw)), "KernelSize", message);
        AssertRejected(() => new AvgPool2dOptions((kh, kw)), "KernelSize", message);
        AssertRejected(() => _ = new MaxPool2dOptions(2) with { KernelSize = (kh, kw) }, "KernelSize", message);
    }

    [TestCase(0, 1, "stride should be greater than zero, but got dH: 0 dW: 1")]
    [TestCase(-1, -1, "stride should be greater than zero, but got dH: -1 dW: -1")]
    public void StrideMustBePositive(int sh, int sw, string message)
    {
        AssertRejected(() => new MaxPool2dOptions(2) { Stride = (sh, sw) }, "Stride", message);
        AssertRejected(() => new AvgPool2dOptions(2) { Stride = (sh, sw) }, "Stride", message);
    }

    [TestCase(0, 1, "dilation should be greater than zero, but got dilationH: 0 dilationW: 1")]
    public void DilationMustBePositive(int dh, int dw, string message) =>
        AssertRejected(() => new MaxPool2dOptions(2) { Dilation = (dh, dw) }, "Dilation", message);

    [Test]
    public void PaddingMustNotBeNegative()
    {
        AssertRejected(() => new MaxPool2dOptions(2) { Padding = (0, -1) }, "Padding", "pad must be non-negative, but got pad: -1");
        AssertRejected(() => new AvgPool2dOptions(2) { Padding = -1 }, "Padding", "pad must be non-negative, but got pad: -1");
    }

    [Test]
    public void DivisorOverrideMustNotBeZero() =>
        AssertRejected(() => new AvgPool2dOptions(2) { DivisorOverride = 0 }, "DivisorOverride", "divisor must be not zero");

    [Test]
    public void StrideDefaultsToKernel()
    {
        Assert.That(new MaxPool2dOptions((3, 2)).Stride, Is.EqualTo(new Size2(3, 2)));
        Assert.That(new AvgPool2dOptions(4).Stride, Is.EqualTo(new Size2(4, 4)));
        Assert.That(new MaxPool2dOptions(3) { Stride = 1 }.Stride, Is.EqualTo(new Size2(1, 1)));
    }

    [Test]
    public void DefaultsAreTorchDefaults()
    {
        var max = new MaxPool2dOptions(2);
        var avg = new AvgPool2dOptions(2);
        Assert.Multiple(() =>
        {
            Assert.That((max.Padding, max.Dilation, max.CeilMode), Is.EqualTo((new Size2(0, 0), new Size2(1, 1), false)));
            Assert.That((avg.Padding, avg.CeilMode, avg.CountIncludePad, avg.DivisorOverride), Is.EqualTo((new Size2(0, 0), false, true, (int?)null)));
        });
    }

    [TestCase(3, 1, 2, "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1")]
    [TestCase(3, 2, 3, "pad should be at most half of effective kernel size, but got pad=3, kernel_size=3 and dilation=2")]
    public void PaddingAtMostHalfTheEffectiveKernel(int k, int d, int pad, string message) =>
        AssertRejected(() => new MaxPool2dOptions(k) { Dilation = d, Padding = pad }.OutputShape(new TensorShape(1, 1, 20, 20)), "Padding", message);

    [Test]
    public void PaddingUpToHalfTheEffectiveKernelIsAccepted() =>
        Assert.That(new MaxPool2dOptions(3) { Stride = 1, Dilation = 2, Padding = 2 }.OutputShape(new TensorShape(1, 1, 20, 20)), Is.EqualTo(new TensorShape(1, 1, 20, 20)));

    [Test]
    public void OutputMustNotBeEmpty() =>
        AssertRejected(
            () => new MaxPool2dOptions(3).OutputShape(new TensorShape(3, 2, 2)),
            "input",
            "Given input size: (3x2x2). Calculated output size: (3x0x0). Output size is too small");

    /// <summary>A window larger than the input: the output size is negative, and said so in PyTorch's words (not a shape's own refusal of a negative size).</summary>
    [Test]
    public void OutputOfNegativeSizeIsTooSmall()
    {
        const string TooSmall = "Output size is too small";
        AssertRejected(() => new MaxPool2dOptions(4) { Stride = 1 }.OutputShape(new TensorShape(1, 1, 2, 2)), "input",
            "Given input size: (1x2x2). Calculated output size: (1x-1x-1). " + TooSmall);
        AssertRejected(() => new AvgPool2dOptions(2) { Stride = 1 }.OutputShape(new TensorShape(2, 1, 5)), "input",
            "Given input size: (2x1x5). Calculated output size: (2x0x4). " + TooSmall);
        AssertRejected(() => new LPPool2dOptions(2, (1, 6)) { Stride = 1 }.OutputShape(new TensorShape(1, 3, 2)), "input",
            "Given input size: (1x3x2). Calculated output size: (1x3x-3). " + TooSmall);
        AssertRejected(() => new MaxPool1dOptions(3) { Stride = 2, Dilation = 3 }.OutputShape(TensorShape.Of1d(4, 2, 3)), "input",
            "Given input size: (2x1x3). Calculated output size: (2x1x-1). " + TooSmall);
        AssertRejected(() => new AvgPool1dOptions(4) { Stride = 1 }.OutputShape(TensorShape.Unbatched1d(2, 1)), "input",
            "Given input size: (2x1x1). Calculated output size: (2x1x-2). " + TooSmall);
        AssertRejected(() => new LPPool1dOptions(2, 4) { Stride = 1 }.OutputShape(TensorShape.Of1d(1, 1, 2)), "input",
            "Given input size: (1x1x2). Calculated output size: (1x1x-1). " + TooSmall);
        AssertRejected(() => new MaxPool3dOptions((4, 1, 2)) { Stride = 1 }.OutputShape(TensorShape.Unbatched3d(2, 2, 3, 1)), "input",
            "Given input size: (2x2x3x1). Calculated output size: (2x-1x3x0). " + TooSmall);
    }

    [TestCase(1, 0, 4, 4)]
    [TestCase(1, 3, 0, 4)]
    [TestCase(2, 3, 4, 0)]
    public void InputPlanesMustNotBeEmpty(long n, long c, long h, long w)
    {
        var shape = new TensorShape(n, c, h, w);
        string message = $"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[{n}, {c}, {h}, {w}]";
        AssertRejected(() => new MaxPool2dOptions(2).OutputShape(shape), "input", message);
        AssertRejected(() => new AvgPool2dOptions(2).OutputShape(shape), "input", message);
    }

    [Test]
    public void NegativeShapeSizesAreRejected() =>
        AssertRejected(() => new TensorShape(1, -2, 3, 3), "c", "Tensor sizes must be non-negative, but got c = -2.");

    [Test]
    public void OptionsAreValuesWithEquality() =>
        Assert.That(new MaxPool2dOptions(3) { Stride = 2 }, Is.EqualTo(new MaxPool2dOptions(3) { Stride = 2 }));

    /// <summary>The exception type (ArgumentException or a subclass), its parameter name and PyTorch's message.</summary>
    internal static void AssertRejected(Action call, string parameter, string message)
    {
        var error = Assert.Catch<ArgumentException>(call);
        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo(parameter));
            Assert.That(error.Message, Does.StartWith(message));
        });
    }
}
