using ILGPU;
using ILGPU.Runtime.CPU;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Regression: 4-byte compact indices read their ordinal back as a signed int, so in a window of
/// more than 2^31 positions (global max pooling of a 46341 x 46341 plane) the maximum at the last
/// element came back as (-46340, -37076): a wrong gradient in backward and a wrong PyTorch-form
/// index from ToTorchIndices. Ordinals are now unsigned (up to 2^32 positions), and windows
/// beyond that are refused when the indices are allocated.
/// </summary>
public sealed class CompactIndexOverflowTests
{
    [TestCase(46341, 46340, 46340)]
    [TestCase(46341, 46340, 0)]
    [TestCase(65536, 65535, 65535)]
    public void OrdinalsPastInt32MaxValueReadBackTheirPosition(long side, long h, long w)
    {
        // Host access to the cells needs memory the CPU can address, whatever the test engine runs on.
        using var context = Context.Create(builder => builder.DefaultCPU());
        using var accelerator = context.CreateCPUAccelerator(0);
        using var cells = accelerator.Allocate1D<int>(1);
        var compact = new WindowIndices(cells.View.AsContiguous().Cast<byte>(), cells.View.AsContiguous(), 4);
        var plane = new AdaptiveWindows(PoolShape.Of(new TensorShape(1, 1, side, side), new TensorShape(1, 1, 1, 1)));
        var window = new PoolWindow(plane.Depth(0), plane.Rows(0), plane.Cols(0));

        compact.Write(0, 0, h, w, window);

        Assert.That(compact.Position(0, window), Is.EqualTo(new Coordinates(0, 0, 0, h, w)));
        Assert.That(compact.Matches(compact.Recorded(0), 0, h, w, window), Is.True);
    }

    [Test]
    public void WindowsOfMoreThan2To32PositionsAreRefused()
    {
        var engine = TestEngine.Instance;
        var plane = new TensorShape(1, 1, 70_000, 70_000);
        OptionValidationTests.AssertRejected(
            () => engine.AllocateGlobalMaxPoolIndices(plane), "input", "Compact indices hold at most 2^32 positions per window, but pooling [1, 1, 70000, 70000] -> [1, 1, 1, 1] has windows of 4900000000");
        OptionValidationTests.AssertRejected(() => engine.AllocateMaxPoolIndices(plane, new MaxPool2dOptions(70_000)), "input", "Compact indices hold at most 2^32 positions per window");
        using var largest = engine.AllocateGlobalMaxPoolIndices(new TensorShape(0, 1, 65536, 65536));
        Assert.That(largest.BytesPerIndex, Is.EqualTo(4));
    }
}
