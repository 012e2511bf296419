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
    /// Every public op, by method name, with calls that reach each of its specialisations: in every
    /// element type and both layouts. The tensors are freed with the engine's accelerator.
    /// </summary>
    private static readonly (string Op, Action<PoolingEngine> Call)[] Calls =
    [
        .. CallsOf<float>(v => v),
        .. CallsOf<double>(v => v),
        .. CallsOf<ILGPU.Half>(v => (ILGPU.Half)v),
        .. CallsOf<BFloat16>(v => (BFloat16)v),
        .. IntegerCallsOf<sbyte>(),
        .. IntegerCallsOf<byte>(),
        .. IntegerCallsOf<short>(),
        .. IntegerCallsOf<int>(),
        .. IntegerCallsOf<long>(),
    ];

    /// <summary>The ops that take integer tensors (max pooling forward in every form, layout conversion), in both layouts.</summary>
    private static IEnumerable<(string Op, Action<PoolingEngine> Call)> IntegerCallsOf<T>()
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        DeviceTensor<T> Data(PoolingEngine e, TensorShape shape) => e.Upload<T>([.. Enumerable.Range(0, (int)shape.Length).Select(i => T.CreateTruncating(i * 37))], shape);

        return
            from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
            let small = Small.WithLayout(layout)
            let wide = Wide.WithLayout(layout)
            from call in new (string Op, Action<PoolingEngine> Call)[]
            {
                ("MaxPool", e => e.MaxPool(Data(e, small), Max)),
                ("MaxPool", e => e.MaxPool(Data(e, wide), WideMax, e.Allocate<T>(WideMax.OutputShape(wide)), e.AllocateMaxPoolIndices(wide, WideMax))),
                ("MaxPoolWithIndices", e => e.MaxPoolWithIndices(Data(e, small), Max)),
                ("AdaptiveMaxPool2d", e => e.AdaptiveMaxPool2d(Data(e, small), 4)),
                ("AdaptiveMaxPool2d", e => e.AdaptiveMaxPool2d(Data(e, wide), 1, e.Allocate<T>(wide.WithSpatial(1, 1)), e.AllocateAdaptiveMaxPoolIndices(wide, 1))),
                ("AdaptiveMaxPool2dWithIndices", e => e.AdaptiveMaxPool2dWithIndices(Data(e, small), 4)),
                ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, small))),
                ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, wide), e.Allocate<T>(wide.WithSpatial(1, 1)), e.AllocateGlobalMaxPoolIndices(wide))),
                ("GlobalMaxPool2dWithIndices", e => e.GlobalMaxPool2dWithIndices(Data(e, small))),
                ("Contiguous", e => e.Contiguous(Data(e, small).Slice(-1, 0, 9, 2))),
                ("ToLayout", e => e.ToLayout(Data(e, small), TensorLayout.ChannelsLast)),
                ("ToLayout", e => e.ToLayout(Data(e, small), TensorLayout.ChannelsFirst)),
            }
            select call;
    }

    private static IEnumerable<(string Op, Action<PoolingEngine> Call)> CallsOf<T>(Func<float, T> convert)
        where T : unmanaged =>
        from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
        from call in CallsOf(convert, Small.WithLayout(layout), Wide.WithLayout(layout)).Concat(OtherRankCallsOf(convert, layout))
        select call;

    /// <summary>The 1D, 3D, power-average and unpooling ops: the same kernels as 2D pooling over other shapes, and their own.</summary>
    private static IEnumerable<(string Op, Action<PoolingEngine> Call)> OtherRankCallsOf<T>(Func<float, T> convert, TensorLayout layout)
        where T : unmanaged
    {
        var line = TensorShape.Of1d(1, 2, 9).WithLayout(layout);
        var volume = TensorShape.Of3d(1, 2, 5, 5, 5).WithLayout(layout);
        var max1d = new MaxPool1dOptions(3) { Stride = 2, Padding = 1 };
        var max3d = new MaxPool3dOptions(3) { Stride = 2, Padding = 1 };
        var avg1d = new AvgPool1dOptions(3) { Stride = 2, Padding = 1 };
        var avg3d = new AvgPool3dOptions(2) { DivisorOverride = 3 };
        var lp1d = new LPPool1dOptions(2, 3);
        var lp2d = new LPPool2dOptions(3, 2) { CeilMode = true };
        var lp3d = new LPPool3dOptions(1.5, (2, 3, 2)) { Stride = (1, 2, 2) };
        var unpool = new MaxUnpool2dOptions(3) { Stride = 2, Padding = 1 };
        var unpool1d = new MaxUnpool1dOptions(3) { Stride = 2, Padding = 1, OutputSize = 9 };
        var unpool3d = new MaxUnpool3dOptions(3) { Stride = 2, Padding = 1, OutputSize = (5, 5, 5) };
        var fractional2d = new FractionalMaxPool2dOptions(2) { OutputSize = 4 };
        var fractional3d = new FractionalMaxPool3dOptions(2) { OutputRatio = 0.6 };
        DeviceTensor<T> Data(PoolingEngine e, TensorShape shape) => e.Upload<T>(TestData.Make(shape.Length, DataKind.Random, seed: 5).Select(convert).ToArray(), shape);

        // Max pooling's four forms at a rank: new, into compact indices, with PyTorch's indices, and backward from them.
        IEnumerable<(string Op, Action<PoolingEngine> Call)> MaxCalls<TSize>(TensorShape shape, MaxPoolOptions<TSize> options)
            where TSize : struct =>
        [
            ("MaxPool", e => e.MaxPool(Data(e, shape), options)),
            ("MaxPool", e => e.MaxPool(Data(e, shape), options, e.Allocate<T>(options.OutputShape(shape)), e.AllocateMaxPoolIndices(shape, options))),
            ("MaxPoolWithIndices", e => e.MaxPoolWithIndices(Data(e, shape), options)),
            ("MaxPoolBackward", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, shape), options);
                e.MaxPoolBackward(Data(e, forward.Output.Shape), forward.Indices, options, e.Allocate<T>(shape));
            }),
        ];

        // Max unpooling of a max pooling's values and indices at a rank, and its backward.
        IEnumerable<(string Op, Action<PoolingEngine> Call)> UnpoolCalls<TSize>(TensorShape shape, MaxPoolOptions<TSize> max, MaxUnpoolOptions<TSize> unpool)
            where TSize : struct =>
        [
            ("MaxUnpool", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, shape), max);
                e.MaxUnpool(forward.Output, forward.Indices, unpool);
            }),
            ("MaxUnpoolBackward", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, shape), max);
                e.MaxUnpoolBackward(Data(e, shape), forward.Indices, unpool, e.Allocate<T>(forward.Output.Shape));
            }),
        ];

        return
        [
            .. MaxCalls(line, max1d),
            .. MaxCalls(volume, max3d),
            ("AvgPool", e => e.AvgPool(Data(e, line), avg1d)),
            ("AvgPoolBackward", e => e.AvgPoolBackward(Data(e, avg1d.OutputShape(line)), avg1d, e.Allocate<T>(line))),
            ("AvgPool", e => e.AvgPool(Data(e, volume), avg3d)),
            ("AvgPoolBackward", e => e.AvgPoolBackward(Data(e, avg3d.OutputShape(volume)), avg3d, e.Allocate<T>(volume))),
            ("AdaptiveAvgPool1d", e => e.AdaptiveAvgPool1d(Data(e, line), 4)),
            ("AdaptiveAvgPool1dBackward", e => e.AdaptiveAvgPool1dBackward(Data(e, line.WithSpatial(1, 1, 4)), e.Allocate<T>(line))),
            ("AdaptiveMaxPool1d", e => e.AdaptiveMaxPool1d(Data(e, line), 4)),
            ("AdaptiveMaxPool1d", e => e.AdaptiveMaxPool1d(Data(e, line), 4, e.Allocate<T>(line.WithSpatial(1, 1, 4)), e.AllocateAdaptiveMaxPool1dIndices(line, 4))),
            ("AdaptiveMaxPool1dWithIndices", e => e.AdaptiveMaxPool1dWithIndices(Data(e, line), 4)),
            ("AdaptiveMaxPool1dBackward", e =>
            {
                using var forward = e.AdaptiveMaxPool1dWithIndices(Data(e, line), 4);
                e.AdaptiveMaxPool1dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<T>(line));
            }),
            ("AdaptiveAvgPool3d", e => e.AdaptiveAvgPool3d(Data(e, volume), 2)),
            ("AdaptiveAvgPool3dBackward", e => e.AdaptiveAvgPool3dBackward(Data(e, volume.WithSpatial(2, 2, 2)), e.Allocate<T>(volume))),
            ("AdaptiveMaxPool3d", e => e.AdaptiveMaxPool3d(Data(e, volume), 2)),
            ("AdaptiveMaxPool3d", e => e.AdaptiveMaxPool3d(Data(e, volume), 2, e.Allocate<T>(volume.WithSpatial(2, 2, 2)), e.AllocateAdaptiveMaxPool3dIndices(volume, 2))),
            ("AdaptiveMaxPool3dWithIndices", e => e.AdaptiveMaxPool3dWithIndices(Data(e, volume), 2)),
            ("AdaptiveMaxPool3dBackward", e =>
            {
                using var forward = e.AdaptiveMaxPool3dWithIndices(Data(e, volume), 2);
                e.AdaptiveMaxPool3dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<T>(volume));
            }),
            ("LPPool", e => e.LPPool(Data(e, line), lp1d)),
            ("LPPoolBackward", e =>
            {
                var input = Data(e, line);
                e.LPPoolBackward(Data(e, lp1d.OutputShape(line)), input, e.LPPool(input, lp1d), lp1d, e.Allocate<T>(line));
            }),
            ("LPPool", e => e.LPPool(Data(e, Small.WithLayout(layout)), lp2d)),
            ("LPPoolBackward", e =>
            {
                var input = Data(e, Small.WithLayout(layout));
                e.LPPoolBackward(Data(e, lp2d.OutputShape(input.Shape)), input, e.LPPool(input, lp2d), lp2d, e.Allocate<T>(input.Shape));
            }),
            ("LPPool", e => e.LPPool(Data(e, volume), lp3d)),
            ("LPPoolBackward", e =>
            {
                var input = Data(e, volume);
                e.LPPoolBackward(Data(e, lp3d.OutputShape(volume)), input, e.LPPool(input, lp3d), lp3d, e.Allocate<T>(volume));
            }),
            .. UnpoolCalls(line, max1d, unpool1d),
            .. UnpoolCalls(volume, max3d, unpool3d),
            ("FractionalMaxPool2d", e => e.FractionalMaxPool2d(Data(e, Small.WithLayout(layout)), fractional2d)),
            ("FractionalMaxPool2d", e =>
            {
                var input = Small.WithLayout(layout);
                e.FractionalMaxPool2d(Data(e, input), fractional2d, e.Allocate<T>(fractional2d.OutputShape(input)), e.AllocateFractionalMaxPoolIndices<T>(input, fractional2d));
            }),
            ("FractionalMaxPool2dWithIndices", e => e.FractionalMaxPool2dWithIndices(Data(e, Small.WithLayout(layout)), fractional2d, samples: Data(e, TensorShape.Of1d(1, 2, 2)))),
            ("FractionalMaxPool2dBackward", e =>
            {
                var input = Small.WithLayout(layout);
                using var forward = e.FractionalMaxPool2dWithIndices(Data(e, input), fractional2d);
                e.FractionalMaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, fractional2d, e.Allocate<T>(input));
            }),
            ("MaxPoolBackward", e =>
            {
                var input = Small.WithLayout(layout);
                e.MaxPoolBackward(Data(e, fractional2d.OutputShape(input)), e.AllocateFractionalMaxPoolIndices<T>(input, fractional2d), e.Allocate<T>(input));
            }),
            ("ToTorchIndices", e =>
            {
                var indices = e.AllocateFractionalMaxPoolIndices<T>(volume, fractional3d);
                e.ToTorchIndices(indices, e.Allocate<long>(indices.OutputShape));
            }),
            ("FractionalMaxPool3d", e => e.FractionalMaxPool3d(Data(e, volume), fractional3d)),
            ("FractionalMaxPool3d", e => e.FractionalMaxPool3d(Data(e, volume), fractional3d, e.Allocate<T>(fractional3d.OutputShape(volume)), e.AllocateFractionalMaxPoolIndices<T>(volume, fractional3d))),
            ("FractionalMaxPool3dWithIndices", e => e.FractionalMaxPool3dWithIndices(Data(e, volume), fractional3d)),
            ("FractionalMaxPool3dBackward", e =>
            {
                using var forward = e.FractionalMaxPool3dWithIndices(Data(e, volume), fractional3d, samples: Data(e, TensorShape.Of1d(1, 2, 3)));
                e.FractionalMaxPool3dBackward(Data(e, forward.Output.Shape), forward.Indices, fractional3d, e.Allocate<T>(volume), samples: Data(e, TensorShape.Of1d(1, 2, 3)));
            }),
            ("MaxUnpool", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, Small.WithLayout(layout)), Max);
                e.MaxUnpool(forward.Output, forward.Indices, unpool with { OutputSize = (9, 9) });
            }),
            ("MaxUnpoolBackward", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, Small.WithLayout(layout)), Max);
                e.MaxUnpoolBackward(Data(e, Small.WithLayout(layout)), forward.Indices, unpool with { OutputSize = (9, 9) }, e.Allocate<T>(forward.Output.Shape));
            }),
        ];
    }

    private static IEnumerable<(string Op, Action<PoolingEngine> Call)> CallsOf<T>(Func<float, T> convert, TensorShape small, TensorShape wide)
        where T : unmanaged
    {
        DeviceTensor<T> Data(PoolingEngine e, TensorShape shape) => e.Upload<T>(TestData.Make(shape.Length, DataKind.Random, seed: 5).Select(convert).ToArray(), shape);
        void Backward(PoolingEngine e, TensorShape input, MaxPoolIndices indices) => e.MaxPoolBackward(Data(e, indices.OutputShape), indices, e.Allocate<T>(input));
        void Convert(PoolingEngine e, MaxPoolIndices indices) => e.ToTorchIndices(indices, e.Allocate<long>(indices.OutputShape));

        return
        [
            ("MaxPool", e => e.MaxPool(Data(e, small), Max)),
            ("MaxPool", e => e.MaxPool(Data(e, small), Max, e.Allocate<T>(Max.OutputShape(small)), e.AllocateMaxPoolIndices(small, Max))),
            ("MaxPool", e => e.MaxPool(Data(e, wide), WideMax, e.Allocate<T>(WideMax.OutputShape(wide)), e.AllocateMaxPoolIndices(wide, WideMax))),
            ("MaxPoolWithIndices", e => e.MaxPoolWithIndices(Data(e, small), Max)),
            ("AvgPool", e => e.AvgPool(Data(e, small), Avg)),
            ("AvgPoolBackward", e => e.AvgPoolBackward(Data(e, Avg.OutputShape(small)), Avg, e.Allocate<T>(small))),
            ("AdaptiveAvgPool2d", e => e.AdaptiveAvgPool2d(Data(e, small), 4)),
            ("AdaptiveAvgPool2dBackward", e => e.AdaptiveAvgPool2dBackward(Data(e, small.WithSpatial(4, 4)), e.Allocate<T>(small))),
            ("AdaptiveMaxPool2d", e => e.AdaptiveMaxPool2d(Data(e, small), 4)),
            ("AdaptiveMaxPool2d", e => e.AdaptiveMaxPool2d(Data(e, wide), 1, e.Allocate<T>(wide.WithSpatial(1, 1)), e.AllocateAdaptiveMaxPoolIndices(wide, 1))),
            ("AdaptiveMaxPool2dWithIndices", e => e.AdaptiveMaxPool2dWithIndices(Data(e, small), 4)),
            ("GlobalAvgPool2d", e => e.GlobalAvgPool2d(Data(e, small))),
            ("GlobalAvgPool2dBackward", e => e.GlobalAvgPool2dBackward(Data(e, small.WithSpatial(1, 1)), e.Allocate<T>(small))),
            ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, small))),
            ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, small), e.Allocate<T>(small.WithSpatial(1, 1)), e.AllocateGlobalMaxPoolIndices(small))),
            ("GlobalMaxPool2d", e => e.GlobalMaxPool2d(Data(e, wide), e.Allocate<T>(wide.WithSpatial(1, 1)), e.AllocateGlobalMaxPoolIndices(wide))),
            ("GlobalMaxPool2dWithIndices", e => e.GlobalMaxPool2dWithIndices(Data(e, small))),
            ("MaxPoolBackward", e => Backward(e, small, e.AllocateMaxPoolIndices(small, Max))),
            ("MaxPoolBackward", e => Backward(e, wide, e.AllocateMaxPoolIndices(wide, WideMax))),
            ("MaxPoolBackward", e => Backward(e, small, e.AllocateAdaptiveMaxPoolIndices(small, 4))),
            ("MaxPoolBackward", e => Backward(e, wide, e.AllocateGlobalMaxPoolIndices(wide))),
            ("MaxPoolBackward", e =>
            {
                using var forward = e.MaxPoolWithIndices(Data(e, small), Max);
                e.MaxPoolBackward(Data(e, forward.Output.Shape), forward.Indices, Max, e.Allocate<T>(small));
            }),
            ("AdaptiveMaxPool2dBackward", e =>
            {
                using var forward = e.AdaptiveMaxPool2dWithIndices(Data(e, small), 4);
                e.AdaptiveMaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<T>(small));
            }),
            ("GlobalMaxPool2dBackward", e =>
            {
                using var forward = e.GlobalMaxPool2dWithIndices(Data(e, small));
                e.GlobalMaxPool2dBackward(Data(e, forward.Output.Shape), forward.Indices, e.Allocate<T>(small));
            }),
            ("ToTorchIndices", e => Convert(e, e.AllocateMaxPoolIndices(small, Max))),
            ("ToTorchIndices", e => Convert(e, e.AllocateMaxPoolIndices(wide, WideMax))),
            ("ToTorchIndices", e => Convert(e, e.AllocateAdaptiveMaxPoolIndices(small, 4))),
            ("ToTorchIndices", e => Convert(e, e.AllocateGlobalMaxPoolIndices(wide))),
            ("ToLayout", e => e.ToLayout(Data(e, small), TensorLayout.ChannelsLast)),
            ("ToLayout", e => e.ToLayout(Data(e, small), TensorLayout.ChannelsFirst)),
            ("ConvertLayout", e => e.ConvertLayout(Data(e, small), e.Allocate<T>(small))),
            ("Contiguous", e => e.Contiguous(Data(e, small).Slice(-1, 0, 9, 2))),
        ];
    }

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
        using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.CpuKernels });
        foreach (var (_, call) in Calls)
        {
            call(engine);
        }

        var catalog = KernelCatalog.Entries.Select(e => e.Method).ToHashSet();
        var missing = engine.Dispatch.LoadedKernels.Where(m => !catalog.Contains(m)).Select(KernelCatalog.NameOf).ToArray();

        Assert.That(missing, Is.Empty, "add these specialisations to Pooling.Gpu/Dispatch/KernelCatalog.cs");
        Assert.That(engine.Dispatch.LoadedKernels, Has.Count.GreaterThanOrEqualTo(KernelCatalog.Entries.Count * 3 / 4), "the calls above reach most specialisations");
    }

    [Test]
    public void CatalogNamesAreUniqueAndReadable()
    {
        var names = KernelCatalog.Entries.Select(e => e.Name).ToArray();

        Assert.That(names, Is.Unique);
        Assert.That(names, Has.Member(
            "WindowPool<Single, Single, FloatElement<Single, SingleCodec>, ChannelsFirst, StridedWindows, MaxReduction<Single, Single, FloatElement<Single, SingleCodec>, WindowIndices>>"));
        Assert.That(names, Has.None.Contains("`"));
    }

}
