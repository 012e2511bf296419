namespace Pooling.Gpu.Tests;

/// <summary>The checks of a variant case (another element type or layout), shared by the variant grid and the fuzz run.</summary>
public static class VariantChecks
{
    /// <summary>Forward and backward (both index forms for max ops) against the float64 reference, within the type's tolerance.</summary>
    public static void AgainstReference(VariantCase v, PoolingEngine engine, string name)
    {
        var x = v.Input();
        var expected = v.Case.Reference(x);
        var (values, indices) = v.Run(engine, x, expected.Shape);
        if (v.Case.IsMax)
        {
            VariantExpect.ExactMax(values, indices, expected.Values, expected.Indices, name);
        }
        else
        {
            VariantExpect.Close(values, expected.Values, expected.Magnitudes, v.Element, name);
        }

        var g = v.GradOutput(expected.Shape);
        var expectedGrad = v.Case.ReferenceBackward(x, g);
        foreach (var form in v.Case.IsMax ? new[] { IndexForm.Torch, IndexForm.Compact } : [IndexForm.Torch])
        {
            VariantExpect.Close(v.RunBackward(engine, x, g, expected.Shape, form), expectedGrad.Values, expectedGrad.Magnitudes, v.Element, $"{name} backward ({form})");
        }
    }

    /// <summary>Forward and backward against PyTorch's answer to <see cref="VariantCase.ToOracle"/> of the case's data and gradient.</summary>
    public static void AgainstPyTorch(VariantCase v, OracleResult torch, PoolingEngine engine, string name)
    {
        var x = v.Input();
        var reference = v.Case.Reference(x);
        var (values, indices) = v.Run(engine, x, reference.Shape);
        bool torchRoundedAnIndex = false;
        if (v.Case.IsMax)
        {
            if (RoundsIndices(v))
            {
                (indices, torchRoundedAnIndex) = TorchBFloat16Indices.AsPyTorchReports(indices!, torch.Indices!);
            }

            VariantExpect.ExactMax(values, indices, torch.Output64, torch.Indices!, name + " vs PyTorch");
        }
        else
        {
            VariantExpect.Close(values, torch.Output64, reference.Magnitudes, v.Element, name + " vs PyTorch", roundings: 2);
        }

        // PyTorch sent that gradient to the rounded index; the reference has judged ours.
        if (torchRoundedAnIndex)
        {
            return;
        }

        var g = v.GradOutput(reference.Shape);
        var expectedGrad = v.Case.ReferenceBackward(x, g);
        var form = v.Case.IsMax ? IndexForm.Compact : IndexForm.Torch;
        var gradInput = v.RunBackward(engine, x, g, reference.Shape, form);
        string what = name + " backward vs PyTorch autograd";

        // The oracle runs PyTorch on the CPU, whose bfloat16 backward accumulates in bfloat16.
        if (v.Element == ElementType.BFloat16)
        {
            VariantExpect.CloseToNarrowAccumulation(gradInput, torch.GradInput64!, expectedGrad, v.Element, what);
        }
        else
        {
            VariantExpect.Close(gradInput, torch.GradInput64!, expectedGrad.Magnitudes, v.Element, what, roundings: 2);
        }
    }

    /// <summary>Whether PyTorch reports the case's indices rounded to bfloat16 (<see cref="TorchBFloat16Indices"/>).</summary>
    public static bool RoundsIndices(VariantCase v) =>
        v.Element == ElementType.BFloat16 && v.Case.Op is PoolOp.AdaptiveMaxPool2d or PoolOp.GlobalMaxPool2d;
}
