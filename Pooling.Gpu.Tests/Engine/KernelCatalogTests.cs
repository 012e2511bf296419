using System.Reflection;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The kernel catalog lists every specialisation the engine loads: the bench's <c>ptx</c> command
/// compiles the catalog for CUDA in CI, so a kernel missing from it would escape that check.
/// </summary>
public sealed class KernelCatalogTests
{
    private static readonly TensorShape Small = new(1, 2, 9, 9);

    // A 17x17 window has 289 positions: its compact indices take 4 bytes.
    private static readonly TensorShape Wide = new(1, 2, 18, 18);

    private static readonly MaxPool2dOptions Max = new(3) { Stride = 2, Padding = 1 };

    private static readonly MaxPool2dOptions WideMax = new(17);

    private static readonly AvgPool2dOptions Avg = new(3) { Stride = 1, Padding = 1, CountIncludePad = false };

    /// <summary>
    /// Every public op, by method name, with calls that reach each of its specialisations. No public
    /// forward writes adaptive or global compact indices yet; backward and the conversion accept
    /// them, so they are called with indices allocated for those geometries. The tensors are freed
    /// with the engine's accelerator.
    /// </summary>
    private static readonly (string Op, Action<PoolingEngine> Call)[] Calls =
    [
        ("MaxPool2d", e => e.MaxPool2d(Data(e, Small), Max)),
        ("MaxPool2d", e => e.MaxPool2d(Data(e, Small), Max, e.Allocate<float>(Max.OutputShape(Small)), e.AllocateMaxPoolIndices(Small, Max))),
        ("MaxPool2d", e => e.MaxPool2d(Data(e, Wide), WideMax, e.Allocate<float>(WideMax.OutputShape(Wide)), e.AllocateMaxPoolIndices(Wide, WideMax))),
        ("MaxPool2dWithIndices", e => e.MaxPool2dWithIndices(Data(e, Small), Max)),
        ("AvgPool2d", e => e.AvgPool2d(Data(e, Small), Avg)),
        ("AdaptiveAvgPool2d", e => e.AdaptiveAvgPool2d(Data(e, Small), 4)),
        ("AdaptiveMaxPool2d", e => e.AdaptiveMaxPool2d(Data(e, Small), 4)),
        ("AdaptiveMaxPool2dWithIndices", e => e.AdaptiveMaxPool2dWithIndices(Data(e, Small), 4)),
        ("GlobalAvgPool2d", e => e.GlobalAvgPool2d(Data(e, Small))),
        ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, Small))),
        ("GlobalMaxPool2dWithIndices", e => e.GlobalMaxPool2dWithIndices(Data(e, Small))),
        ("MaxPoolBackward", e => Backward(e, Small, e.AllocateMaxPoolIndices(Small, Max))),
        ("MaxPoolBackward", e => Backward(e, Wide, e.AllocateMaxPoolIndices(Wide, WideMax))),
        ("MaxPoolBackward", e => Backward(e, Small, e.AllocateAdaptiveMaxPoolIndices(Small, 4))),
        ("MaxPoolBackward", e => Backward(e, Wide, e.AllocateGlobalMaxPoolIndices(Wide))),
        ("MaxPool2dBackward", e =>
        {
            using var forward = e.MaxPool2dWithIndices(Data(e, Small), Max);
            e.MaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, Max, e.Allocate<float>(Small));
        }),
        ("AdaptiveMaxPool2dBackward", e =>
        {
            using var forward = e.AdaptiveMaxPool2dWithIndices(Data(e, Small), 4);
            e.AdaptiveMaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<float>(Small));
        }),
        ("GlobalMaxPool2dBackward", e =>
        {
            using var forward = e.GlobalMaxPool2dWithIndices(Data(e, Small));
            e.GlobalMaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<float>(Small));
        }),
        ("ToTorchIndices", e => Convert(e, e.AllocateMaxPoolIndices(Small, Max))),
        ("ToTorchIndices", e => Convert(e, e.AllocateMaxPoolIndices(Wide, WideMax))),
        ("ToTorchIndices", e => Convert(e, e.AllocateAdaptiveMaxPoolIndices(Small, 4))),
        ("ToTorchIndices", e => Convert(e, e.AllocateGlobalMaxPoolIndices(Wide))),
    ];

    [Test]
    public void EveryPublicOpHasARepresentativeCall()
    {
        // An op is a public method that takes a device tensor or indices; allocation and upload helpers take neither.
        var ops = typeof(PoolingEngine).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(MaxPoolIndices)
                || (p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(DeviceTensor<>))))
            .Select(m => m.Name)
            .ToHashSet();

        Assert.That(ops, Is.SubsetOf(Calls.Select(c => c.Op)), "add a call of each new op to Calls, so that its kernels are checked against the catalog");
    }

    [Test]
    public void EveryKernelTheEngineLoadsIsInTheCatalog()
    {
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
        foreach (var (_, call) in Calls)
        {
            call(engine);
        }

        var catalog = KernelCatalog.Entries.Select(e => e.Method).ToHashSet();
        var missing = engine.LoadedKernels.Where(m => !catalog.Contains(m)).Select(KernelCatalog.NameOf).ToArray();

        Assert.That(missing, Is.Empty, "add these specialisations to Pooling.Gpu/Engine/KernelCatalog.cs");
        Assert.That(engine.LoadedKernels, Has.Count.GreaterThanOrEqualTo(21), "the calls above reach 21 specialisations");
    }

    [Test]
    public void CatalogNamesAreUniqueAndReadable()
    {
        var names = KernelCatalog.Entries.Select(e => e.Name).ToArray();

        Assert.That(names, Is.Unique);
        Assert.That(names, Has.Member("WindowPool2d<StridedWindows, MaxReduction<WindowIndices<ByteCells>>>"));
        Assert.That(names, Has.None.Contains("`"));
    }

    private static DeviceTensor<float> Data(PoolingEngine engine, TensorShape shape) =>
        engine.Upload<float>(TestData.Make(shape.Length, DataKind.Random, seed: 5), shape);

    private static void Backward(PoolingEngine engine, TensorShape input, MaxPoolIndices indices) =>
        engine.MaxPoolBackward(Data(engine, indices.OutputShape), indices, engine.Allocate<float>(input));

    private static void Convert(PoolingEngine engine, MaxPoolIndices indices) =>
        engine.ToTorchIndices(indices, engine.Allocate<long>(indices.OutputShape));
}
