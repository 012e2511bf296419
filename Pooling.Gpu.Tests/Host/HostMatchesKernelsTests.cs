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
}
