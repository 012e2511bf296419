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
                // Where PyTorch reports our index rounded to bfloat16 (a NaN's index it keeps exact), take it as ours.
                var ours = indices!;
                indices = [.. ours.Select((index, i) => torch.Indices![i] != index && torch.Indices[i] == TorchBFloat16Index(index) ? torch.Indices[i] : index)];
                torchRoundedAnIndex = !indices.SequenceEqual(ours);
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

    /// <summary>
    /// PyTorch 1.13's CPU adaptive_max_pool2d in bfloat16 passes the index of a numeric maximum
    /// through bfloat16, so an index past 256 may come back rounded to 8 significant bits (619 as
    /// 620) and its backward sends the gradient there (found by the fuzz run; TorchBFloat16IndexTests
    /// pins it). The index of a NaN comes back exact. Fixed in later
    /// PyTorch (pytorch/pytorch#159936 for the same fault in float16).
    /// </summary>
    public static bool RoundsIndices(VariantCase v) =>
        v.Element == ElementType.BFloat16 && v.Case.Op is PoolOp.AdaptiveMaxPool2d or PoolOp.GlobalMaxPool2d;

    /// <summary>An index as PyTorch 1.13's bfloat16 adaptive max pooling reports it: rounded to the nearest bfloat16.</summary>
    public static long TorchBFloat16Index(long index) => index < 0 ? index : (long)(float)(BFloat16)(float)index;
}
