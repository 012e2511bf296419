using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The checks of a case, shared by the case grid (GridReferenceTests, GridTorchTests) and the fuzz run.</summary>
public static class PoolChecks
{
    /// <summary>
    /// Forward into poisoned buffers (max pooling and unpooling exact in values and indices, the
    /// rest within the type's tolerance) and backward from every index form, against the float64 reference.
    /// </summary>
    public static void AgainstReference(PoolCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices) = c.Run(engine, x, expected.Shape);
        if (c.Op.Exact)
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
    public static void AllocatingFormAndDeterminism(PoolCase c, PoolingEngine engine)
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
    public static void CompactIndices(PoolCase c, PoolingEngine engine)
    {
        var x = c.Input();
        var expected = c.Reference(x);
        var (values, indices, bytes) = c.RunCompact(engine, x, expected.Shape);
        VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, c.Name + " (compact forward)");
        Assert.That(bytes, Is.EqualTo(c.Op.WindowPositions(c.Shape) <= 256 ? 1 : 4), "bytes per compact index");

        var g = c.GradOutput(expected.Shape);
        Assert.That(
            Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Compact)),
            Is.EqualTo(Bits(c.RunBackward(engine, x, g, expected.Shape, IndexForm.Torch))).AsCollection);
    }

    /// <summary>Forward and backward against PyTorch's answer to <see cref="PoolCase.ToOracle"/> of the case's data and gradient.</summary>
    public static void AgainstPyTorch(PoolCase c, OracleResult torch, PoolingEngine engine)
    {
        Assert.That(torch.Error, Is.Null, "PyTorch refused a case the library accepts");
        var x = c.Input();
        var reference = c.Reference(x);
        Assert.That(torch.OutputShape, Is.EqualTo(reference.Shape.Sizes()), "output shape");
        var (values, indices) = c.Run(engine, x, reference.Shape);
        bool torchRoundedAnIndex = false;
        if (c.Op.Exact)
        {
            if (c.Op.TorchRoundsBFloat16Indices && c.Element == ElementType.BFloat16)
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

        // Max gradients add the same values in the same order as PyTorch's CPU loop: bit for bit.
        if (c.Op.IsMax && c.Element == ElementType.Float32)
        {
            Assert.That(Bits(gradInput), Is.EqualTo(Bits(torch.GradInput64!)).AsCollection, what);
        }
        else if (c.Element == ElementType.BFloat16)
        {
            // PyTorch's CPU bfloat16 backward accumulates in bfloat16 where it has the kernel.
            VariantExpect.CloseToNarrowAccumulation(gradInput, torch.GradInput64!, expected with { Magnitudes = scale }, c.Element, what);
        }
        else
        {
            VariantExpect.Close(gradInput, torch.GradInput64!, scale, c.Element, what, roundings: 2);
        }
    }

    /// <summary>
    /// A case with a <see cref="PoolCase.View"/> gives the bits of the same case over contiguous
    /// tensors: forward with indices, the allocating form, compact indices, backward from every index form.
    /// </summary>
    public static void LikeContiguousCopy(PoolCase c, PoolingEngine engine)
    {
        var copy = c with { View = null };
        var x = c.Input();
        var output = c.Reference(x).Shape;
        var (values, indices) = c.Run(engine, x, output);
        var (copyValues, copyIndices) = copy.Run(engine, x, output);
        Assert.That(Bits(values), Is.EqualTo(Bits(copyValues)).AsCollection, "forward");
        Assert.That(indices, Is.EqualTo(copyIndices), "indices");
        Assert.That(Bits(c.RunAllocating(engine, x, output)), Is.EqualTo(Bits(copyValues)).AsCollection, "allocating forward");
        if (c.Op.BackwardForms.Contains(IndexForm.Compact))
        {
            var (compactValues, compactIndices, bytes) = c.RunCompact(engine, x, output);
            var (copyCompactValues, copyCompactIndices, copyBytes) = copy.RunCompact(engine, x, output);
            Assert.That(Bits(compactValues), Is.EqualTo(Bits(copyCompactValues)).AsCollection, "compact forward");
            Assert.That(compactIndices, Is.EqualTo(copyCompactIndices), "compact indices");
            Assert.That(bytes, Is.EqualTo(copyBytes), "bytes per compact index");
        }

        var g = c.GradOutput(output);
        foreach (var form in c.Op.BackwardForms)
        {
            Assert.That(Bits(c.RunBackward(engine, x, g, output, form)), Is.EqualTo(Bits(copy.RunBackward(engine, x, g, output, form))).AsCollection, $"backward ({form})");
        }
    }

    public static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
