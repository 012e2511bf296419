using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The checks of a breadth case, shared by the case grid (BreadthReferenceTests, BreadthTorchTests) and the fuzz run.</summary>
public static class BreadthChecks
{
    /// <summary>
    /// Forward into poisoned buffers (max pooling and unpooling exact in values and indices, the
    /// rest within the type's tolerance) and backward from every index form, against the float64 reference.
    /// </summary>
    public static void AgainstReference(BreadthCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(engine, x, expected.Shape);
        if (c.Op.IsMax || c.Op is UnpoolOp)
        {
            VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name);
        }
        else
        {
            VariantExpect.Close(values, expected.Values, expected.Magnitudes, c.Element, c.Name);
        }

        var g = c.GradOutput(expected.Shape);
        var expectedGrad = c.ReferenceBackward(x, g);
        foreach (var form in c.Op.BackwardForms)
        {
            var actual = c.RunBackward(engine, x, g, expected.Shape, form);
            VariantExpect.Close(actual, expectedGrad.Values, c.Op.GradientScale(expectedGrad, c.Element), c.Element, $"{c.Name} backward ({form})");
        }
    }

    /// <summary>The allocating form gives the values of the form into a caller's tensor, bit for bit, and backward gives the same bits twice.</summary>
    public static void AllocatingFormAndDeterminism(BreadthCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (values, _) = c.Run(engine, x, output);
        Assert.That(Bits(c.RunAllocating(engine, x, output)), Is.EqualTo(Bits(values)).AsCollection, "allocating form");

        var g = c.GradOutput(output);
        var form = c.Op.BackwardForms[^1];
        Assert.That(Bits(c.RunBackward(engine, x, g, output, form)), Is.EqualTo(Bits(c.RunBackward(engine, x, g, output, form))).AsCollection, "backward twice");
    }

    /// <summary>A max op's compact-index forward gives the reference's values, its indices convert to the reference's, and both index forms give the same gradient bits.</summary>
    public static void CompactIndices(BreadthCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices, bytes) = c.RunCompact(engine, x, expected.Shape);
        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name + " (compact forward)");
        Assert.That(bytes, Is.EqualTo(WindowPositions(c.Op, c.Shape) <= 256 ? 1 : 4), "bytes per compact index");

        var g = c.GradOutput(expected.Shape);
        Assert.That(
            Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Compact)),
            Is.EqualTo(Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Torch))).AsCollection);
    }

    /// <summary>Forward and backward against PyTorch's answer to <see cref="BreadthCase.ToOracle"/> of the case's data and gradient.</summary>
    public static void AgainstPyTorch(BreadthCase c, OracleResult torch, PoolingEngine engine)
    {
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var x = c.Input();
        var reference = c.Reference(x);
        Assert.That(torch.OutputShape, Is.EqualTo(reference.Shape.Sizes()), "output shape");
        var (values, indices) = c.Run(engine, x, reference.Shape);
        bool torchRoundedAnIndex = false;
        if (c.Op.IsMax || c.Op is UnpoolOp)
        {
            if (RoundsIndices(c))
            {
                (indices, torchRoundedAnIndex) = TorchBFloat16Indices.AsPyTorchReports(indices!, torch.Indices!);
            }

            VariantExpect.ExactMax(values, indices, torch.Output64, torch.Indices ?? new long[values.Length], c.Name + " vs PyTorch");
        }
        else
        {
            VariantExpect.Close(values, torch.Output64, c.Op.TorchOutputScale(reference, c.Element), c.Element, c.Name + " vs PyTorch", roundings: 2);
        }

        // PyTorch sent that gradient to the rounded index; the reference has judged ours.
        if (torchRoundedAnIndex)
        {
            return;
        }

        var g = c.GradOutput(reference.Shape);
        var expected = c.ReferenceBackward(x, g);
        var gradInput = c.RunBackward(engine, x, g, reference.Shape, c.Op.BackwardForms[^1]);
        string what = c.Name + " backward vs PyTorch autograd";
        var scale = c.Op.GradientScale(expected, c.Element);

        // PyTorch's CPU bfloat16 backward accumulates in bfloat16 where it has the kernel.
        if (c.Element == ElementType.BFloat16)
        {
            VariantExpect.CloseToNarrowAccumulation(gradInput, torch.GradInput64!, expected with { Magnitudes = scale }, c.Element, what);
        }
        else
        {
            VariantExpect.Close(gradInput, torch.GradInput64!, scale, c.Element, what, roundings: 2);
        }
    }

    /// <summary>Whether PyTorch reports the case's indices rounded to bfloat16 (<see cref="TorchBFloat16Indices"/>): adaptive max pooling in 1D, the one breadth op PyTorch runs through adaptive_max_pool2d.</summary>
    public static bool RoundsIndices(BreadthCase c) => c.Element == ElementType.BFloat16 && c.Op is AdaptiveOp { Max: true, SpatialRank: 1 };

    /// <summary>The most positions a window of a max case can have, padding included.</summary>
    public static long WindowPositions(BreadthOp op, TensorShape input) => op switch
    {
        MaxPoolOp { Line: { } l } => l.KernelSize,
        MaxPoolOp { Volume: { } v } => (long)v.KernelSize.Depth * v.KernelSize.Height * v.KernelSize.Width,
        AdaptiveOp a => MaxSpan(input.D, a.Output(input).D) * MaxSpan(input.H, a.Output(input).H) * MaxSpan(input.W, a.Output(input).W),
        FractionalOp f => (long)f.Kernel.D * f.Kernel.H * f.Kernel.W,
        _ => 0,
    };

    public static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static long MaxSpan(long size, long outputs) =>
        Enumerable.Range(0, (int)outputs).Max(i => (long)Math.Ceiling((double)(i + 1) * size / outputs) - (long)Math.Floor((double)i * size / outputs));
}
