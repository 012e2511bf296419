using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Ops over a tensor of more than int.MaxValue elements: global max and average pooling and
/// a max pooling, forward and backward, both index forms, on a 46341 x 46341 plane (8.6 GB).
/// That needs a large device: the test is in the <see cref="Category"/> category and skipped
/// unless the engine runs on CUDA, or on the CPU's host path, with the memory free. The same
/// checks run on a small plane everywhere. A long run adds a tensor of more than int.MaxValue
/// elements in small planes through the host path's vector forms.
/// </summary>
public sealed class LargeTensorTests
{
    public const string Category = "LargeGpu";

    /// <summary>46341^2 = 2,147,488,281 elements: the smallest square plane past int.MaxValue.</summary>
    public const long LargeSide = 46341;

    private const long Headroom = 1L << 30;

    [Test]
    [Category(Category)]
    public void PoolsAPlaneOfMoreThanInt32MaxValueElements()
    {
        var engine = TestEngine.Instance;
        var plane = new PlantedPlane(LargeSide);
        Assert.That(plane.Shape.Length, Is.GreaterThan(int.MaxValue));
        long? freeMemory = engine.Accelerator is CudaAccelerator cuda ? cuda.GetFreeMemory() : engine.Dispatch.OnHost ? HostMemoryAvailable() : null;
        if (freeMemory is not { } free)
        {
            Assert.Ignore($"{Category}: needs a CUDA accelerator or the host path for its {plane.DeviceBytes >> 20} MiB; this run is on {engine.AcceleratorType}.");
            return;
        }

        if (free < plane.DeviceBytes + Headroom)
        {
            Assert.Ignore($"{Category}: needs {(plane.DeviceBytes + Headroom) >> 20} MiB free on {engine.DeviceName}, which has {free >> 20} MiB free.");
        }

        Check(engine, plane);
    }

    /// <summary>
    /// Max pooling (k2 s2, no indices) of a bfloat16 tensor of 16385 planes of 256 x 512, 2^31 + 2^17
    /// elements (4.3 GB), on the host path's vector form, which indexes rows and outputs in 64
    /// bits: the last outputs and a sample of the rest against the input's maxima, read in place.
    /// </summary>
    [Test]
    [Category(LongRun.Category)]
    public unsafe void TheHostPathPoolsMoreThanInt32MaxValueElementsInVectors()
    {
        LongRun.Require();
        var engine = TestEngine.Instance;
        var shape = new TensorShape(1, 16385, 256, 512);
        var options = new MaxPool2dOptions(2);
        var output = options.OutputShape(shape);
        long bytes = (shape.Length + output.Length) * 2;
        if (!engine.Dispatch.OnHost || HostMemoryAvailable() is not { } free || free < bytes + Headroom)
        {
            Assert.Ignore($"Needs the host path and {(bytes + Headroom) >> 20} MiB of free host memory; this run is on {engine}.");
        }

        using var input = engine.Allocate<BFloat16>(shape);
        using var pooled = engine.Allocate<BFloat16>(output);
        var x = HostMemory.Address(input.View);
        for (long i = 0; i < shape.Length; i++)
        {
            x[i] = new BFloat16((ushort)(0x3F80 + (((ulong)i * 2654435761UL >> 20) & 0x3FF))); // positive, finite: larger bits are larger values
        }

        engine.MaxPool(input, options, pooled);
        var y = HostMemory.Address(pooled.View);
        var random = new Random(3);
        long[] outputs = [.. Enumerable.Range(0, 1000).Select(_ => random.NextInt64(output.Length)), .. Enumerable.Range(1, 1000).Select(i => output.Length - i)];
        foreach (long o in outputs)
        {
            long ow = o % output.W, rest = o / output.W, oh = rest % output.H, plane = rest / output.H;
            long first = (plane * shape.H + 2 * oh) * shape.W + 2 * ow;
            ushort expected = new[] { first, first + 1, first + shape.W, first + shape.W + 1 }.Max(i => x[i].RawValue);
            Assert.That(y[o].RawValue, Is.EqualTo(expected), $"output {o}");
        }
    }

    /// <summary>Every check of the large test on small odd planes, so that the checks themselves are tested in CI.</summary>
    [TestCase(9)]
    [TestCase(45)]
    public void TheSameChecksOnASmallPlane(long side) => Check(TestEngine.Instance, new PlantedPlane(side));

    private static void Check(PoolingEngine engine, PlantedPlane plane)
    {
        long n = plane.Shape.Length;
        var single = plane.Shape.WithSpatial(1, 1);
        using var input = plane.Upload(engine);
        using var gradInput = engine.Allocate<float>(plane.Shape);
        using var gradOne = engine.Upload<float>([1.5f], single);

        using (var max = engine.GlobalMaxPool2dWithIndices(input))
        {
            Assert.That((max.Output.ToArray()[0], max.Indices.ToArray()[0]), Is.EqualTo((7f, n - 1)), "global max: the last element");
        }

        using (var compact = engine.AllocateGlobalMaxPoolIndices(plane.Shape))
        using (var value = engine.Allocate<float>(single))
        using (var torch = engine.Allocate<long>(single))
        {
            engine.GlobalMaxPool2d(input, value, compact);
            engine.ToTorchIndices(compact, torch);
            Assert.That((value.ToArray()[0], torch.ToArray()[0]), Is.EqualTo((7f, n - 1)), "global max, compact indices");
            PoisonAll(gradInput);
            engine.MaxPoolBackward(gradOne, compact, gradInput);
            CheckInputEnds(plane, gradInput, offset => offset == n - 1 ? 1.5f : 0f, 1, "global max backward");
        }

        using (var mean = engine.GlobalAvgPool2d(input))
        {
            double expected = plane.Values.Values.Sum(v => (double)v) / n;
            Assert.That(mean.ToArray()[0], Is.EqualTo(expected).Within(1e-6 * expected), "global average");
            PoisonAll(gradInput);
            engine.GlobalAvgPool2dBackward(gradOne, gradInput);
            CheckInputEnds(plane, gradInput, _ => 1.5f / n, plane.Side, "global average backward");
        }

        CheckMaxPool(engine, plane, input, gradInput);
    }

    /// <summary>k2 s2 ceil max pooling with PyTorch-form and compact indices; the first output row and the last three, and their gradients.</summary>
    private static void CheckMaxPool(PoolingEngine engine, PlantedPlane plane, DeviceTensor<float> input, DeviceTensor<float> gradInput)
    {
        var output = plane.Output;
        long ow = output.W, tailRows = 3, tailStart = (output.H - tailRows) * ow;
        using var pooled = engine.MaxPoolWithIndices(input, PlantedPlane.Pooling);
        using var compact = engine.AllocateMaxPoolIndices(plane.Shape, PlantedPlane.Pooling);
        using var compactValues = engine.Allocate<float>(output);
        using var converted = engine.Allocate<long>(output);
        engine.MaxPool(input, PlantedPlane.Pooling, compactValues, compact);
        engine.ToTorchIndices(compact, converted);
        foreach (long start in new[] { 0, tailStart })
        {
            long count = start == 0 ? ow : tailRows * ow;
            var expected = Enumerable.Range(0, (int)count).Select(i => plane.Max((start + i) / ow, (start + i) % ow)).ToArray();
            Assert.That(PlantedPlane.Read(pooled.Output, start, count), Is.EqualTo(expected.Select(e => e.Value)).AsCollection, $"max pool values from output {start}");
            Assert.That(PlantedPlane.Read(pooled.Indices, start, count), Is.EqualTo(expected.Select(e => e.Index)).AsCollection, $"max pool indices from output {start}");
            Assert.That(PlantedPlane.Read(compactValues, start, count), Is.EqualTo(expected.Select(e => e.Value)).AsCollection, $"compact forward values from output {start}");
            Assert.That(PlantedPlane.Read(converted, start, count), Is.EqualTo(expected.Select(e => e.Index)).AsCollection, $"compact indices converted, from output {start}");
        }

        // The gradient is 1 + o % 5 on the last output rows and 0 elsewhere: it lands on their maxima only.
        using var gradOutput = engine.Allocate<float>(output);
        gradOutput.View.MemSetToZero();
        var tailGrad = Enumerable.Range(0, (int)(tailRows * ow)).Select(i => 1f + ((tailStart + i) % 5)).ToArray();
        gradOutput.View.SubView(tailStart, tailGrad.Length).CopyFromCPU(tailGrad);
        var expectedGrad = new Dictionary<long, float>();
        for (int i = 0; i < tailGrad.Length; i++)
        {
            long index = plane.Max((tailStart + i) / ow, (tailStart + i) % ow).Index;
            expectedGrad[index] = expectedGrad.GetValueOrDefault(index) + tailGrad[i];
        }

        long inputRows = plane.Side - (2 * (output.H - tailRows));
        PoisonAll(gradInput);
        engine.MaxPoolBackward(gradOutput, pooled.Indices, PlantedPlane.Pooling, gradInput);
        CheckInputEnds(plane, gradInput, offset => expectedGrad.GetValueOrDefault(offset), inputRows, "max pool backward, PyTorch indices");
        PoisonAll(gradInput);
        engine.MaxPoolBackward(gradOutput, compact, gradInput);
        CheckInputEnds(plane, gradInput, offset => expectedGrad.GetValueOrDefault(offset), inputRows, "max pool backward, compact indices");
    }

    /// <summary>Checks the first input row and the last <paramref name="rows"/> rows of a gradient.</summary>
    private static void CheckInputEnds(PlantedPlane plane, DeviceTensor<float> gradInput, Func<long, float> expected, long rows, string what)
    {
        long tail = plane.Shape.Length - (rows * plane.Side);
        foreach (var (start, count) in new[] { (0L, plane.Side), (tail, rows * plane.Side) })
        {
            var actual = PlantedPlane.Read(gradInput, start, count);
            for (long i = 0; i < count; i++)
            {
                if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected(start + i)))
                {
                    Assert.Fail($"{what}: element {start + i} is {actual[i]}, expected {expected(start + i)}");
                }
            }
        }
    }

    /// <summary>The host's available memory (Linux's MemAvailable), or null where it cannot be read.</summary>
    private static long? HostMemoryAvailable()
    {
        const string File = "/proc/meminfo";
        var line = System.IO.File.Exists(File) ? System.IO.File.ReadLines(File).FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal)) : null;
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Fills a tensor with NaN bytes, so that an element a backward forgot cannot pass for 0.</summary>
    private static void PoisonAll(DeviceTensor<float> tensor) => tensor.View.MemSet(0xFF);
}
