using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Empty channel dims, op by op as PyTorch 1.13 takes them. Adaptive average and max pooling of
/// unbatched (0, L), (0, H, W) and (0, D, H, W) give empty results, fractional max pooling of
/// unbatched (0, H, W) and (0, D, H, W) too, and adaptive average pooling in 1D and 2D (global
/// average pooling too) also of batched (N, 0, L) and (N, 0, H, W); their backward gives an empty
/// gradient. Nothing is launched, so an engine that ran them all has loaded
/// no kernel. Every forward is asked of PyTorch, which must give the same output shape, and every
/// backward too: PyTorch 1.13 refuses the backward of the batched ones that its forward accepts,
/// which the library does not (an empty gradient is the only answer). The refusals, batched
/// adaptive max, 3D and fractional pooling and window pooling either way, are in
/// OpRejectionTests.
/// </summary>
public sealed class EmptyChannelTests
{
    /// <summary>
    /// One accepted op on an empty input: PyTorch's op and parameters, the shapes, and the library's
    /// calls: the allocating forward, the forward into the caller's tensors (with PyTorch-form and with
    /// compact indices for max ops), and the backward.
    /// </summary>
    public sealed record Accepted(
        string Name,
        string TorchOp,
        OracleParams Params,
        TensorShape Input,
        TensorShape Output,
        Func<PoolingEngine, DeviceTensor<float>, IDisposable> New,
        Action<PoolingEngine, DeviceTensor<float>, DeviceTensor<float>, DeviceTensor<long>> Into,
        Action<PoolingEngine, DeviceTensor<float>, DeviceTensor<long>, DeviceTensor<float>> Backward,
        bool TorchRefusesBackward = false)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Accepted> Cases =>
    [
        new("adaptive_avg_pool1d (0, 10)", OracleOp.AdaptiveAvgPool1d, new() { OutputSize = new[] { 2 } }, TensorShape.Unbatched1d(0, 10), TensorShape.Unbatched1d(0, 2),
            (e, x) => e.AdaptiveAvgPool1d(x, 2), (e, x, y, _) => e.AdaptiveAvgPool1d(x, 2, y), (e, g, _, gx) => e.AdaptiveAvgPool1dBackward(g, gx)),
        new("adaptive_avg_pool1d (1, 0, 4)", OracleOp.AdaptiveAvgPool1d, new() { OutputSize = new[] { 2 } }, TensorShape.Of1d(1, 0, 4), TensorShape.Of1d(1, 0, 2),
            (e, x) => e.AdaptiveAvgPool1d(x, 2), (e, x, y, _) => e.AdaptiveAvgPool1d(x, 2, y), (e, g, _, gx) => e.AdaptiveAvgPool1dBackward(g, gx), TorchRefusesBackward: true),
        new("adaptive_max_pool1d (0, 10)", OracleOp.AdaptiveMaxPool1d, new() { OutputSize = new[] { 3 }, ReturnIndices = true }, TensorShape.Unbatched1d(0, 10), TensorShape.Unbatched1d(0, 3),
            (e, x) => e.AdaptiveMaxPool1dWithIndices(x, 3),
            (e, x, y, i) =>
            {
                e.AdaptiveMaxPool1dWithIndices(x, 3, y, i);
                using var compact = e.AllocateAdaptiveMaxPool1dIndices(x.Shape, 3);
                e.AdaptiveMaxPool1d(x, 3, y, compact);
            },
            (e, g, i, gx) => e.AdaptiveMaxPool1dBackward(g, i, gx)),
        new("adaptive_avg_pool2d (0, 10, 10)", OracleOp.AdaptiveAvgPool2d, new() { OutputSize = (2, 3) }, new(0, 10, 10), new(0, 2, 3),
            (e, x) => e.AdaptiveAvgPool2d(x, (2, 3)), (e, x, y, _) => e.AdaptiveAvgPool2d(x, (2, 3), y), (e, g, _, gx) => e.AdaptiveAvgPool2dBackward(g, gx)),
        new("adaptive_avg_pool2d (1, 0, 4, 4)", OracleOp.AdaptiveAvgPool2d, new() { OutputSize = 2 }, new(1, 0, 4, 4), new(1, 0, 2, 2),
            (e, x) => e.AdaptiveAvgPool2d(x, 2), (e, x, y, _) => e.AdaptiveAvgPool2d(x, 2, y), (e, g, _, gx) => e.AdaptiveAvgPool2dBackward(g, gx), TorchRefusesBackward: true),
        new("adaptive_max_pool2d (0, 10, 10) to (null, 4)", OracleOp.AdaptiveMaxPool2d, new() { OutputSize = new AdaptiveSize2(null, 4), ReturnIndices = true }, new(0, 10, 10), new(0, 10, 4),
            (e, x) => e.AdaptiveMaxPool2dWithIndices(x, (null, 4)),
            (e, x, y, i) =>
            {
                e.AdaptiveMaxPool2dWithIndices(x, (null, 4), y, i);
                using var compact = e.AllocateAdaptiveMaxPoolIndices(x.Shape, (null, 4));
                e.AdaptiveMaxPool2d(x, (null, 4), y, compact);
                using var gradInput = e.Allocate<float>(x.Shape);
                e.MaxPoolBackward(y, compact, gradInput);
            },
            (e, g, i, gx) => e.AdaptiveMaxPool2dBackward(g, i, gx)),
        new("global avg (0, 10, 10)", OracleOp.GlobalAvgPool2d, new(), new(0, 10, 10), new(0, 1, 1),
            (e, x) => e.GlobalAvgPool2d(x), (e, x, y, _) => e.GlobalAvgPool2d(x, y), (e, g, _, gx) => e.GlobalAvgPool2dBackward(g, gx)),
        new("global avg (2, 0, 3, 3)", OracleOp.GlobalAvgPool2d, new(), new(2, 0, 3, 3), new(2, 0, 1, 1),
            (e, x) => e.GlobalAvgPool2d(x), (e, x, y, _) => e.GlobalAvgPool2d(x, y), (e, g, _, gx) => e.GlobalAvgPool2dBackward(g, gx)),
        new("global max (0, 10, 10)", OracleOp.GlobalMaxPool2d, new() { ReturnIndices = true }, new(0, 10, 10), new(0, 1, 1),
            (e, x) => e.GlobalMaxPool2dWithIndices(x),
            (e, x, y, i) =>
            {
                e.GlobalMaxPool2dWithIndices(x, y, i);
                using var compact = e.AllocateGlobalMaxPoolIndices(x.Shape);
                e.GlobalMaxPool2d(x, y, compact);
            },
            (e, g, i, gx) => e.GlobalMaxPool2dBackward(g, i, gx)),
        new("adaptive_avg_pool3d (0, 10, 10, 10)", OracleOp.AdaptiveAvgPool3d, new() { OutputSize = new AdaptiveSize3(2, null, 3) }, TensorShape.Unbatched3d(0, 10, 10, 10),
            TensorShape.Unbatched3d(0, 2, 10, 3),
            (e, x) => e.AdaptiveAvgPool3d(x, (2, null, 3)), (e, x, y, _) => e.AdaptiveAvgPool3d(x, (2, null, 3), y), (e, g, _, gx) => e.AdaptiveAvgPool3dBackward(g, gx)),
        new("adaptive_max_pool3d (0, 10, 10, 10)", OracleOp.AdaptiveMaxPool3d, new() { OutputSize = 2, ReturnIndices = true }, TensorShape.Unbatched3d(0, 10, 10, 10),
            TensorShape.Unbatched3d(0, 2, 2, 2),
            (e, x) => e.AdaptiveMaxPool3dWithIndices(x, 2),
            (e, x, y, i) =>
            {
                e.AdaptiveMaxPool3dWithIndices(x, 2, y, i);
                using var compact = e.AllocateAdaptiveMaxPool3dIndices(x.Shape, 2);
                e.AdaptiveMaxPool3d(x, 2, y, compact);
                e.ToTorchIndices(compact, i);
            },
            (e, g, i, gx) => e.AdaptiveMaxPool3dBackward(g, i, gx)),
        new("fractional_max_pool2d (0, 7, 8)", OracleOp.FractionalMaxPool2d, new() { KernelSize = 2, OutputSize = 3, RandomSamples = [], ReturnIndices = true }, new(0, 7, 8), new(0, 3, 3),
            (e, x) => e.FractionalMaxPool2dWithIndices(x, Fractional2d),
            (e, x, y, i) =>
            {
                using var samples = e.Allocate<float>(TensorShape.Of1d(1, 0, 2));
                e.FractionalMaxPool2dWithIndices(x, Fractional2d, y, i, samples: samples);
                using var compact = e.AllocateFractionalMaxPoolIndices<float>(x.Shape, Fractional2d);
                e.FractionalMaxPool2d(x, Fractional2d, y, compact);
                e.ToTorchIndices(compact, i);
                using var gradInput = e.Allocate<float>(x.Shape);
                e.MaxPoolBackward(y, compact, gradInput);
            },
            (e, g, i, gx) => e.FractionalMaxPool2dBackward(g, i, Fractional2d, gx)),
        new("fractional_max_pool3d (0, 5, 6, 7)", OracleOp.FractionalMaxPool3d, new() { KernelSize = 2, OutputSize = 3, RandomSamples = [], ReturnIndices = true },
            TensorShape.Unbatched3d(0, 5, 6, 7), TensorShape.Unbatched3d(0, 3, 3, 3),
            (e, x) => e.FractionalMaxPool3dWithIndices(x, Fractional3d),
            (e, x, y, i) => e.FractionalMaxPool3dWithIndices(x, Fractional3d, y, i),
            (e, g, i, gx) => e.FractionalMaxPool3dBackward(g, i, Fractional3d, gx)),
    ];

    private static FractionalMaxPool2dOptions Fractional2d => new(2) { OutputSize = 3 };

    private static FractionalMaxPool3dOptions Fractional3d => new(2) { OutputSize = 3 };

    [TestCaseSource(nameof(Cases))]
    public void GivesAnEmptyResultAndAnEmptyGradient(Accepted c) => Run(TestEngine.Instance, c);

    [Test]
    public void LaunchesNothing()
    {
        using var engine = new PoolingEngine();
        foreach (var c in Cases)
        {
            Run(engine, c);
        }

        Assert.That(engine.LoadedKernelCount, Is.Zero, "an empty tensor needs no kernel, so none was loaded");
    }

    [Test]
    public void PyTorchGivesTheSameShapes()
    {
        TorchOracle.RequireAvailable();
        var cases = Cases.ToList();
        var results = TorchOracle.Run([.. cases.SelectMany(c => new[]
        {
            new OracleCase(c.Name, c.TorchOp, c.Input.Sizes(), [], c.Params),
            new OracleCase(c.Name + " backward", c.TorchOp, c.Input.Sizes(), [], c.Params, GradOutput: []),
        })]);
        Assert.Multiple(() =>
        {
            foreach (var (c, i) in cases.Select((c, i) => (c, i)))
            {
                var (forward, backward) = (results[2 * i], results[(2 * i) + 1]);
                Assert.That(forward.Error, Is.Null, c.Name);
                Assert.That(forward.OutputShape, Is.EqualTo(c.Output.Sizes()), c.Name);
                if (c.TorchRefusesBackward)
                {
                    Assert.That(backward.Error, Does.Contain("Expected grad_output to have non-zero size for non-batch dimensions"), c.Name + " backward (1.13 refuses it)");
                }
                else
                {
                    Assert.That((backward.Error, backward.GradInput), Is.EqualTo(((string?)null, Array.Empty<float>())), c.Name + " backward");
                }
            }
        });
    }

    private static void Run(PoolingEngine engine, Accepted c)
    {
        using var input = engine.Allocate<float>(c.Input);
        using var made = c.New(engine, input);
        var (values, madeIndices) = made is MaxPoolResult<float> result ? (result.Output, result.Indices) : ((DeviceTensor<float>)made, null);
        using var output = engine.Allocate<float>(c.Output);
        using var indices = engine.Allocate<long>(c.Output);
        c.Into(engine, input, output, indices);
        using var gradInput = engine.Allocate<float>(c.Input);
        c.Backward(engine, output, indices, gradInput);
        Assert.That(values.Shape, Is.EqualTo(c.Output), c.Name);
        Assert.That(madeIndices?.Shape ?? c.Output, Is.EqualTo(c.Output), c.Name + " indices");
    }
}
