using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The host path gives the kernels' bits: every result of every op (values, both index forms,
/// compact indices' bytes, gradients) of random cases in every element type and layout, with
/// ties, NaNs of any payload and sign, infinities, zeros of both signs and subnormals, equal byte
/// for byte to ILGPU's kernels on the CPU accelerator. Global pooling is compared with the
/// kernel that sums each plane in one thread, in order (the CPU accelerator's default): the GPU's
/// plane kernel adds in a tree, whose order depends on the device's warps.
/// </summary>
public sealed class HostMatchesKernelsTests
{
    private PoolingEngine? kernels;

    private static IEnumerable<TestCaseData> Cases => HostCases.All.Select(c => new TestCaseData(c).SetName(c.Name));

    [OneTimeSetUp]
    public void CreateKernelEngine() => kernels = new PoolingEngine(TestEngine.Kernels.Accelerator, null, kernelsOnCpu: true);

    [OneTimeTearDown]
    public void DisposeKernelEngine() => kernels?.Dispose();

    [TestCaseSource(nameof(Cases))]
    public void GivesTheKernelsBits(HostCase c)
    {
        var host = TestEngine.Instance;
        if (!host.Dispatch.OnHost)
        {
            Assert.Ignore($"The test engine runs kernels ({host}): there is no host path to compare.");
        }

        var expected = c.Run(kernels!);
        var actual = c.Run(host);
        Assert.That(actual.Select(r => r.What), Is.EqualTo(expected.Select(r => r.What)));
        Assert.Multiple(() =>
        {
            for (int i = 0; i < expected.Count; i++)
            {
                var (got, want) = (actual[i], expected[i]);
                Assert.That(RawData.FirstDifference(got.Bits, want.Bits, c.Element, want.Arithmetic), Is.EqualTo(-1), $"{c.Name}: {want.What}, first differing byte");
            }
        });
    }

    /// <summary>
    /// Averages of finite values, whose bits depend on the order of the adds (the random cases'
    /// windows nearly all hold a NaN or an infinity, whose sums do not): global averages over
    /// planes of 8 to 81 (the vector form's groups of four and its tail, blocks of eight planes
    /// and the last one's overlap), Inception's average and an adaptive one.
    /// </summary>
    [TestCase("global", 3, 9, 7, 7)]
    [TestCase("global", 2, 8, 5, 3)]
    [TestCase("global", 1, 11, 2, 4)]
    [TestCase("global", 4, 5, 9, 9)]
    [TestCase("avg3x3", 2, 8, 11, 13)]
    [TestCase("adaptive7", 2, 9, 15, 15)]
    public void FiniteAveragesGiveTheKernelsBits(string op, int n, int c, int h, int w)
    {
        var host = TestEngine.Instance;
        if (!host.Dispatch.OnHost)
        {
            Assert.Ignore($"The test engine runs kernels ({host}): there is no host path to compare.");
        }

        var shape = new TensorShape(n, c, h, w);
        var random = new Random(n * 1000 + c * 100 + h * 10 + w);
        var data = Enumerable.Range(0, (int)shape.Length).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        Assert.That(Average(kernels!), Is.EqualTo(Average(host)).AsCollection, $"{op} {shape}: the host's averages against the kernel's, bit for bit");

        int[] Average(PoolingEngine engine)
        {
            using var x = engine.Upload<float>(data, shape);
            using var y = op switch
            {
                "global" => engine.GlobalAvgPool2d(x),
                "avg3x3" => engine.AvgPool(x, new AvgPool2dOptions(3) { Stride = 1, Padding = 1, CountIncludePad = false }),
                _ => engine.AdaptiveAvgPool2d(x, 7),
            };
            return [.. y.ToArray().Select(BitConverter.SingleToInt32Bits)];
        }
    }
}
