using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Strided inputs: every op family, 1D to 3D, pools each <see cref="StridedView"/> of its input
/// (and of its output gradient, in backward) to the bits of the same values in contiguous
/// tensors, in every floating type and both layouts on the host path, in float32 with ILGPU's
/// kernels; and PyTorch, given the same views (slices or as_strided), agrees.
/// </summary>
public sealed class StridedViewTests
{
    private static readonly PoolCase[] Ops =
    [
        new(MaxPoolOp.Of(new MaxPool2dOptions(3) { Stride = 2, Padding = 1 }), new TensorShape(2, 3, 7, 8), DataKind.Special),
        new(MaxPoolOp.Of(new MaxPool2dOptions(2) { CeilMode = true }), new TensorShape(3, 5, 7), DataKind.Ties),
        new(MaxPoolOp.Of(new MaxPool1dOptions(2) { Dilation = 2, CeilMode = true }), TensorShape.Of1d(2, 3, 9), DataKind.Ties),
        new(MaxPoolOp.Of(new MaxPool3dOptions((2, 2, 3)) { Stride = (1, 2, 2), Padding = (0, 1, 1) }), TensorShape.Of3d(2, 2, 3, 5, 6), DataKind.Special),
        new(AvgPoolOp.Of(new AvgPool2dOptions(3) { Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false }), new TensorShape(2, 3, 7, 8), DataKind.Random),
        new(AvgPoolOp.Of(new AvgPool1dOptions(3) { Stride = 2, Padding = 1 }), TensorShape.Of1d(2, 3, 9), DataKind.Negative),
        new(AvgPoolOp.Of(new AvgPool3dOptions(2) { DivisorOverride = 3 }), TensorShape.Of3d(2, 2, 3, 5, 6), DataKind.Random),
        new(LpPoolOp.Of(new LPPool2dOptions(2, (2, 3)) { Stride = (2, 1) }), new TensorShape(2, 3, 6, 7), DataKind.Random),
        new(LpPoolOp.Of(new LPPool1dOptions(3, 2)), TensorShape.Of1d(2, 3, 8), DataKind.Ties),
        new(AdaptiveOp.Of2d(true, (3, 4)), new TensorShape(2, 3, 7, 9), DataKind.Special),
        new(AdaptiveOp.Of2d(false, (4, 3)), new TensorShape(2, 3, 7, 9), DataKind.Random),
        new(AdaptiveOp.Of1d(true, 4), TensorShape.Of1d(2, 3, 9), DataKind.Ties),
        new(AdaptiveOp.Of3d(false, (2, 3, 2)), TensorShape.Of3d(2, 2, 3, 5, 6), DataKind.Random),
        new(new GlobalOp(Max: true), new TensorShape(2, 3, 5, 6), DataKind.Special),
        new(new GlobalOp(Max: false), new TensorShape(2, 3, 5, 6), DataKind.Random),
        Unpool(UnpoolOp.Of(new TensorShape(2, 3, 8, 8), new MaxUnpool2dOptions(2))),
        Unpool(UnpoolOp.Of(TensorShape.Of1d(2, 3, 9), new MaxUnpool1dOptions(3) { Stride = 2, Padding = 1 })),
        new(FractionalOp.Of(new FractionalMaxPool2dOptions((2, 3)) { OutputSize = (5, 4), Seed = 1 }, new TensorShape(2, 3, 9, 11)), new TensorShape(2, 3, 9, 11), DataKind.Ties),
    ];

    private static readonly ElementType[] Elements = [ElementType.Float32, ElementType.Float64, ElementType.Float16, ElementType.BFloat16];

    private static readonly Lazy<Dictionary<string, OracleResult>> Torch = new(() =>
        TorchOracle.Run([.. Answerable.Select(c =>
        {
            var x = c.Input();
            return c.ToOracle(x, c.GradOutput(c.Reference(x).Shape));
        })]).ToDictionary(r => r.Id));

    /// <summary>Every op over every view that applies to its shape, in both layouts and every floating type.</summary>
    private static IEnumerable<PoolCase> Cases =>
        from c in Ops
        from view in StridedView.All
        where view.Applies(c.Shape)
        from layout in new[] { TensorLayout.ChannelsFirst, TensorLayout.ChannelsLast }
        from element in Elements
        select c with { View = view, Layout = layout, Element = element };

    private static IEnumerable<PoolCase> Float32 => Cases.Where(c => c.Element == ElementType.Float32);

    /// <summary>The float32 cases, and each other type in one case of eight (rotating), that PyTorch 1.13 can answer.</summary>
    private static IEnumerable<PoolCase> Answerable =>
        Cases.Where((c, i) => c.Element == ElementType.Float32 || i / Elements.Length % 8 == Array.IndexOf(Elements, c.Element))
            .Where(c => c.Op.TorchCanAnswer(c.Reference(c.Input())));

    private static IEnumerable<TestCaseData> HostCases => Cases.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> KernelCases => Float32.Select(c => new TestCaseData(c).SetName(c.Name));

    private static IEnumerable<TestCaseData> TorchCases => Answerable.Select(c => new TestCaseData(c).SetName(c.Name));

    [TestCaseSource(nameof(HostCases))]
    public void PoolsLikeAContiguousCopy(PoolCase c) => PoolChecks.LikeContiguousCopy(c, TestEngine.Instance);

    [TestCaseSource(nameof(KernelCases))]
    public void PoolsLikeAContiguousCopyInKernels(PoolCase c) => PoolChecks.LikeContiguousCopy(c, TestEngine.Kernels);

    [TestCaseSource(nameof(TorchCases))]
    public void MatchesPyTorchOnTheSameView(PoolCase c)
    {
        TorchOracle.RequireAvailable();
        PoolChecks.AgainstPyTorch(c, Torch.Value[c.Name], TestEngine.Instance);
    }

    /// <summary>
    /// The strided tensors the cases do not make give the bits of contiguous ones: max pooling's
    /// indices in backward, lp_pool's saved input and output (a layer's too), unpooling's indices,
    /// fractional pooling's samples, integer inputs.
    /// </summary>
    [TestCaseSource(nameof(OtherInputs))]
    public void ReadsItsOtherInputsThroughTheirStrides(string name, Func<PoolingEngine, StridedInputs, double[]> op)
    {
        foreach (var engine in new[] { TestEngine.Instance, TestEngine.Kernels })
        {
            using var contiguous = new StridedInputs(engine, strided: false);
            using var strided = new StridedInputs(engine, strided: true);
            Assert.That(PoolChecks.Bits(op(engine, strided)), Is.EqualTo(PoolChecks.Bits(op(engine, contiguous))).AsCollection, $"{name} on {engine}");
        }
    }

    /// <summary>
    /// The views are strided, so that the cases do not pass by a contiguous tensor's path; but
    /// for a channel range of an unbatched channels-first tensor, contiguous at an offset: the
    /// path without a copy, over a view.
    /// </summary>
    [Test]
    public void EveryCasesInputIsStridedButAnUnbatchedChannelRange()
    {
        var engine = TestEngine.Instance;
        var contiguous = new List<(string, bool, TensorLayout)>();
        foreach (var c in Float32)
        {
            using var whole = engine.Allocate<float>(c.View!.Base(c.Shape).WithLayout(c.Layout));
            using var view = c.View.Of(engine, whole, c.Shape);
            if (view.IsContiguous)
            {
                contiguous.Add((c.View.Name, c.Shape.IsBatched, c.Layout));
            }
        }

        Assert.That(contiguous.Distinct(), Is.EqualTo(new[] { ("channel range", false, TensorLayout.ChannelsFirst) }));
    }

    private static IEnumerable<TestCaseData> OtherInputs
    {
        get
        {
            var shape = new TensorShape(2, 3, 6, 7);
            var max = new MaxPool2dOptions(2);
            yield return Other("max_pool2d backward", (e, p) =>
            {
                using var x = Tensor(e, shape, 1);
                using var forward = e.MaxPoolWithIndices(x, max);
                using var g = Tensor(e, forward.Output.Shape, 2);
                using var gradInput = e.Allocate<float>(shape);
                e.MaxPoolBackward(p.Of(g), p.Of(forward.Indices), max, gradInput);
                return Values(gradInput);
            });
            yield return Other("lp_pool2d backward", (e, p) =>
            {
                var lp = new LPPool2dOptions(2, 2);
                using var x = Tensor(e, shape, 3);
                using var y = e.LPPool(x, lp);
                using var g = Tensor(e, y.Shape, 4);
                using var gradInput = e.Allocate<float>(shape);
                e.LPPoolBackward(p.Of(g), p.Of(x), p.Of(y), lp, gradInput);
                return Values(gradInput);
            });
            yield return Other("LPPool2d layer forward and backward", (e, p) =>
            {
                using var layer = new Layers.LPPool2d<float>(e, new LPPool2dOptions(3, (2, 3)));
                using var x = Tensor(e, shape, 9);
                using var y = layer.Forward(p.Of(x));
                using var g = Tensor(e, y.Shape, 10);
                using var gradInput = e.Allocate<float>(shape);
                layer.Backward(p.Of(g), gradInput);
                return [.. Values(y), .. Values(gradInput)];
            });
            yield return Other("max_unpool2d and its backward", (e, p) =>
            {
                var unpool = new MaxUnpool2dOptions(2) { OutputSize = (6, 7) };
                using var x = Tensor(e, shape, 5);
                using var pooled = e.MaxPoolWithIndices(x, max);
                using var unpooled = e.MaxUnpool(pooled.Output, p.Of(pooled.Indices), unpool);
                using var g = Tensor(e, unpooled.Shape, 6);
                using var gradInput = e.Allocate<float>(pooled.Output.Shape);
                e.MaxUnpoolBackward(p.Of(g), p.Of(pooled.Indices), unpool, gradInput);
                return [.. Values(unpooled), .. Values(gradInput)];
            });
            yield return Other("fractional_max_pool2d and its backward, given samples", (e, p) =>
            {
                var fractional = new FractionalMaxPool2dOptions(2) { OutputSize = (3, 4) };
                using var x = Tensor(e, shape, 7);
                using var samples = e.Upload<float>([.. Enumerable.Range(0, 12).Select(i => i / 12f)], TensorShape.Of1d(2, 3, 2));
                using var forward = e.FractionalMaxPool2dWithIndices(x, fractional, samples: p.Of(samples));
                using var g = Tensor(e, forward.Output.Shape, 8);
                using var gradInput = e.Allocate<float>(shape);
                e.FractionalMaxPool2dBackward(g, forward.Indices, fractional, gradInput, samples: p.Of(samples));
                return [.. Values(forward.Output), .. Values(gradInput)];
            });
            yield return Other("max_pool2d of int8 and int64 tensors, with indices", (e, p) =>
            {
                var values = TestData.Make(shape.Length, DataKind.Ties, 11);
                using var bytes = e.Upload<sbyte>([.. values.Select(v => (sbyte)(4 * v))], shape.WithLayout(TensorLayout.ChannelsLast));
                using var longs = e.Upload<long>([.. values.Select(v => (long)(4 * v) << 40)], shape);
                using var fromBytes = e.MaxPoolWithIndices(p.Of(bytes), new MaxPool2dOptions(3) { Stride = 2, Padding = 1 });
                using var fromLongs = e.MaxPool(p.Of(longs), max);
                return [.. fromBytes.Output.ToArray().Select(v => (double)v), .. fromBytes.Indices.ToArray().Select(v => (double)v), .. fromLongs.ToArray().Select(v => (double)v)];
            });
        }
    }

    private static TestCaseData Other(string name, Func<PoolingEngine, StridedInputs, double[]> op) => new TestCaseData(name, op).SetName(name);

    private static double[] Values(DeviceTensor<float> tensor) => [.. tensor.ToArray().Select(v => (double)v)];

    private static DeviceTensor<float> Tensor(PoolingEngine engine, TensorShape shape, int seed) => engine.Upload<float>(TestData.Make(shape.Length, DataKind.Ties, seed), shape);

    /// <summary>An unpooling case: its input is the pooled shape of the op's source.</summary>
    private static PoolCase Unpool(UnpoolOp op) => new(op, op.Pooled, DataKind.Random);
}
