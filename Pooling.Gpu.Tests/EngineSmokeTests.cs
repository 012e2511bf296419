using ILGPU.Runtime;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A first end-to-end check of the engine on the CPU accelerator, and of the README example,
/// against plain host loops.
/// </summary>
public sealed class EngineSmokeTests
{
    [Test]
    public void ForcedCpuPicksTheCpuAccelerator()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });

        Assert.That(engine.AcceleratorType, Is.EqualTo(AcceleratorType.CPU));
        Assert.That(engine.SelectionReason, Does.Contain("PoolingEngineOptions.Accelerator = Cpu"));
    }

    [Test]
    public void MaxPool2dEqualsTheHostWindowMax()
    {
        var shape = new TensorShape(2, 3, 9, 11);
        var options = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
        float[] data = RandomData(shape, seed: 1);
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        using var input = engine.Upload<float>(data, shape);

        using var output = engine.MaxPool2d(input, options);

        Assert.That(output.Shape, Is.EqualTo(new TensorShape(2, 3, 5, 6)));
        Assert.That(output.ToArray(), Is.EqualTo(HostMaxPool(data, shape, kernel: 3, stride: 2, padding: 1)));
    }

    [Test]
    public void ReadmeExampleMatchesTheHost()
    {
        var (image, pooled, indices, means, pooledOnStream) = ReadmeExample.Run();

        float[] expected = HostMaxPool(image, new TensorShape(1, 3, 8, 8), kernel: 3, stride: 2, padding: 1);
        Assert.That(pooled, Is.EqualTo(expected));
        Assert.That(pooledOnStream, Is.EqualTo(expected));
        for (int o = 0; o < pooled.Length; o++)
        {
            int plane = o / 16;
            Assert.That(image[(plane * 64) + indices[o]], Is.EqualTo(pooled[o]), $"index of output {o}");
        }

        for (int plane = 0; plane < 3; plane++)
        {
            float mean = image.Skip(plane * 64).Take(64).Sum() / 64;
            Assert.That(means[plane], Is.EqualTo(mean).Within(1e-5f), $"mean of plane {plane}");
        }
    }

    private static float[] RandomData(TensorShape shape, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)shape.Length).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();
    }

    /// <summary>max_pool2d with a square kernel, one output at a time: padding positions are skipped.</summary>
    private static float[] HostMaxPool(float[] data, TensorShape shape, int kernel, int stride, int padding)
    {
        long oh = ((shape.H + (2 * padding) - kernel) / stride) + 1;
        long ow = ((shape.W + (2 * padding) - kernel) / stride) + 1;
        var result = new List<float>();
        for (long plane = 0; plane < shape.Planes; plane++)
        {
            for (long y = 0; y < oh; y++)
            {
                for (long x = 0; x < ow; x++)
                {
                    float max = float.NegativeInfinity;
                    for (long h = (y * stride) - padding; h < (y * stride) - padding + kernel; h++)
                    {
                        for (long w = (x * stride) - padding; w < (x * stride) - padding + kernel; w++)
                        {
                            if (h >= 0 && h < shape.H && w >= 0 && w < shape.W)
                            {
                                max = Math.Max(max, data[(plane * shape.PlaneLength) + (h * shape.W) + w]);
                            }
                        }
                    }

                    result.Add(max);
                }
            }
        }

        return [.. result];
    }
}
