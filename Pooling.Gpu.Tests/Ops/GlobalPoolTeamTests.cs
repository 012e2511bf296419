using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Global pooling's two thread mappings (LaunchShape.ForPlanes): a short plane gets one warp, several
/// planes to a group; a long plane one group. Plane lengths on both sides of the threshold (the
/// CPU accelerator's warps have 4 lanes, CUDA's 32), with more planes than the grid has teams (so
/// the grid-stride loop runs) and a plane count that no group's warp count divides, into poisoned
/// buffers: a plane reduced by the wrong warp, or not at all, fails against the float64 reference.
/// Kernel code: on the shared kernel engine (TestEngine.Kernels), which runs this GPU kernel on
/// the CPU accelerator too; an engine's default there is the window kernel, one thread per plane
/// (Dispatcher.ReducesPlanesInGroups), checked here on the same cases.
/// </summary>
public sealed class GlobalPoolTeamTests
{
    /// <summary>The threshold's edges on the CPU accelerator (3 to 9) and on CUDA (31 to 65), and 1.</summary>
    private static readonly long[] Lengths = [1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65];

    private static IEnumerable<TestCaseData> Cases =>
        from length in Lengths
        from op in new[] { new GlobalOp(Max: true), new GlobalOp(Max: false) }
        select new TestCaseData(op, length).SetName($"{op.Name} of planes of {length}");

    [TestCaseSource(nameof(Cases))]
    public void EveryPlaneGetsItsOwnResult(GlobalOp op, long length) => Check(TestEngine.Kernels, op, length);

    [TestCaseSource(nameof(Cases))]
    public void OneThreadPerPlaneGivesTheSameResults(GlobalOp op, long length)
    {
        using var engine = new PoolingEngine(TestEngine.Kernels.Accelerator, null, kernelsOnCpu: true);
        engine.Dispatch.ReducesPlanesInGroups = false;
        Check(engine, op, length);
    }

    [Test]
    public void OnlyTheCpuAcceleratorAndDevicesWithoutShufflesPoolPlanesInOneThreadByDefault()
    {
        using var engine = new PoolingEngine(TestEngine.Kernels.Accelerator, null, kernelsOnCpu: true);
        Assert.Multiple(() =>
        {
            Assert.That(engine.Dispatch.ReducesPlanesInGroups, Is.EqualTo(engine.AcceleratorType != AcceleratorType.CPU && engine.Dispatch.Shuffles));
            Assert.That(TestEngine.Kernels.Dispatch.ReducesPlanesInGroups, Is.EqualTo(engine.Dispatch.Shuffles), "the shared kernel engine runs the GPU's kernel where it compiles");
        });
    }

    [Test]
    public void TheHostPathReducesEachPlaneInOneThreadAndRefusesWarps()
    {
        using var engine = new PoolingEngine(TestEngine.Kernels.Accelerator);
        Assert.That(engine.Dispatch.OnHost, Is.True);
        Assert.That(engine.Dispatch.ReducesPlanesInGroups, Is.False);
        var error = Assert.Throws<InvalidOperationException>(() => engine.Dispatch.ReducesPlanesInGroups = true);
        Assert.That(error!.Message, Does.StartWith("The host path has no warp shuffles"));
    }

    [TestCase(AcceleratorType.Cuda, null, true)]
    [TestCase(AcceleratorType.CPU, null, true)]
    [TestCase(AcceleratorType.OpenCL, CLDeviceVendor.Intel, true)]
    [TestCase(AcceleratorType.OpenCL, CLDeviceVendor.AMD, false)]
    [TestCase(AcceleratorType.OpenCL, CLDeviceVendor.Nvidia, false)]
    [TestCase(AcceleratorType.OpenCL, CLDeviceVendor.Other, false)]
    public void IlgpuShufflesEverywhereButOnOpenClDevicesNotMadeByIntel(AcceleratorType kind, CLDeviceVendor? vendor, bool shuffles) =>
        Assert.That(AcceleratorSelection.Shuffles(kind, vendor), Is.EqualTo(shuffles));

    /// <summary>The edges of this accelerator's threshold, whatever its warp size.</summary>
    [Test]
    public void EdgesOfThisAcceleratorsThreshold()
    {
        var launch = new LaunchShape(TestEngine.Kernels.Accelerator);
        long limit = launch.WarpPlaneLimit;
        foreach (long length in new[] { launch.WarpSize - 1, launch.WarpSize, launch.WarpSize + 1, limit - 1, limit, limit + 1, limit + 2 }.Where(l => l > 0).Distinct())
        {
            Check(TestEngine.Kernels, new GlobalOp(Max: true), length);
            Check(TestEngine.Kernels, new GlobalOp(Max: false), length);
        }
    }

    [Test]
    public void ShortPlanesGetAWarpEachAndLongPlanesAGroup()
    {
        var accelerator = TestEngine.Kernels.Accelerator;
        var launch = new LaunchShape(accelerator);
        var (warpConfig, warps) = launch.ForPlanes(1000, launch.WarpPlaneLimit);
        var (groupConfig, teams) = launch.ForPlanes(1000, launch.WarpPlaneLimit + 1);
        Assert.Multiple(() =>
        {
            Assert.That(launch.WarpPlaneLimit, Is.EqualTo(2L * accelerator.WarpSize - 1), "from the accelerator's warp size");
            Assert.That(warpConfig.GroupDim.X, Is.EqualTo(warps * accelerator.WarpSize), "warp teams fill their group");
            Assert.That(warpConfig.GroupDim.X, Is.LessThanOrEqualTo(launch.MaxGroupSize));
            Assert.That(teams, Is.EqualTo(1), "a long plane: one team, the group");
            if (launch.MaxGroupSize >= 2 * launch.WarpSize)
            {
                // Both mappings run here, the warp one with several warps to a group (the CPU accelerator: 4).
                Assert.That(warps, Is.GreaterThan(1), "several warp teams to a group");
                Assert.That(groupConfig.GroupDim.X, Is.EqualTo(2 * accelerator.WarpSize), "the group as wide as the plane needs, in whole warps");
            }
        });
    }

    /// <summary>
    /// A short plane's mean is the warp's tree, bit for bit: lane l adds elements l, l + W, ...
    /// from 0, then lanes add pairwise by shuffles at offsets W/2, ..., 1; one division. This is
    /// the order the one-warp groups of earlier versions used, so results did not change.
    /// </summary>
    [Test]
    public void ShortPlaneMeansAreTheWarpTreeBitForBit()
    {
        var engine = TestEngine.Kernels;
        if (!engine.Dispatch.ReducesPlanesInGroups)
        {
            Assert.Ignore($"ILGPU compiles no warp shuffles for {engine}: global pooling takes the window kernel here (OneThreadPerPlaneGivesTheSameResults).");
        }

        var launch = new LaunchShape(engine.Accelerator);
        int warp = launch.WarpSize;
        foreach (long length in new long[] { 1, 3, warp - 1, warp, warp + 1, launch.WarpPlaneLimit }.Where(l => l > 0).Distinct())
        {
            var c = new PoolCase(new GlobalOp(Max: false), new TensorShape(3, 7, 1, length), DataKind.Random);
            var x = c.Input();
            var (values, _) = c.Run(engine, x, c.Reference(x).Shape);
            for (int plane = 0; plane < values.Length; plane++)
            {
                float want = WarpTreeMean(x.AsSpan(checked((int)(plane * length)), (int)length), warp);
                Assert.That(BitConverter.SingleToInt32Bits((float)values[plane]), Is.EqualTo(BitConverter.SingleToInt32Bits(want)), $"{c.Name}: plane {plane}");
            }
        }
    }

    /// <summary>Runs a plane count the grid cannot cover in one pass, and checks every output (and index form) against the reference.</summary>
    private static void Check(PoolingEngine engine, GlobalOp op, long length)
    {
        var (config, teamsPerGroup) = new LaunchShape(engine.Accelerator).ForPlanes(long.MaxValue, length);
        long planes = 2L * config.GridDim.X * teamsPerGroup + 3;
        var (h, w) = Factor(length);
        var c = new PoolCase(op, new TensorShape(1, planes, h, w), op.Max ? DataKind.Ties : DataKind.Random);
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(engine, x, expected.Shape);
        if (!op.Max)
        {
            VariantExpect.Close(values, expected.Values, expected.Magnitudes, ElementType.Float32, c.Name);
            return;
        }

        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name);
        using var input = engine.Upload<float>(x, c.Shape);
        using var plain = Poison.Values(engine, expected.Shape);
        engine.GlobalMaxPool2d(input, plain);
        Assert.That(plain.ToArray(), Is.EqualTo(values.Select(v => (float)v)).AsCollection, $"{c.Name}: without indices");
        var (compactValues, converted, _) = c.RunCompact(engine, x, expected.Shape);
        Assert.That(compactValues, Is.EqualTo(values).AsCollection, $"{c.Name}: with compact indices");
        Assert.That(converted, Is.EqualTo(expected.Indices).AsCollection, $"{c.Name}: compact indices, converted");
    }

    /// <summary>A plane of <paramref name="length"/> elements as rows and columns, as square as its divisors allow (so indices split into h and w).</summary>
    private static (long H, long W) Factor(long length)
    {
        long h = (long)Math.Sqrt(length);
        while (length % h != 0)
        {
            h--;
        }

        return (h, length / h);
    }

    private static float WarpTreeMean(ReadOnlySpan<float> plane, int warp)
    {
        var lanes = new float[warp];
        for (int i = 0; i < plane.Length; i++)
        {
            lanes[i % warp] += plane[i];
        }

        for (int offset = warp / 2; offset > 0; offset /= 2)
        {
            for (int lane = 0; lane < offset; lane++)
            {
                lanes[lane] += lanes[lane + offset];
            }
        }

        return lanes[0] / plane.Length;
    }
}
