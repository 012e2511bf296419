namespace Pooling.Gpu.Tests;

/// <summary>
/// A fault of the oracle, not of the library: PyTorch 1.13's CPU adaptive_max_pool1d and
/// adaptive_max_pool2d in bfloat16 pass the index of a numeric maximum through bfloat16, so an
/// index past 256 may come back rounded to 8 significant bits (619 as 620, 289 as 288), and
/// their backward sends the gradient there; the index of a NaN comes back exact (found by fuzz
/// runs; TorchBFloat16IndexTests pins it). max_pool1d/2d are right. Fixed in later PyTorch
/// (pytorch/pytorch#159936 for the same fault in float16). The differential checks compare
/// such cases' indices after rounding ours the same way, and skip PyTorch's gradient where
/// that rounding moved an index (the float64 reference judges ours).
/// </summary>
public static class TorchBFloat16Indices
{
    /// <summary>An index as PyTorch 1.13's bfloat16 adaptive max pooling reports it: rounded to the nearest bfloat16.</summary>
    public static long Rounded(long index) => index < 0 ? index : (long)(float)(BFloat16)(float)index;

    /// <summary>Our indices, each taken as PyTorch's where PyTorch reports it rounded to bfloat16, and whether any was.</summary>
    public static (long[] Indices, bool Moved) AsPyTorchReports(long[] ours, long[] torch)
    {
        long[] indices = [.. ours.Select((index, i) => torch[i] != index && torch[i] == Rounded(index) ? torch[i] : index)];
        return (indices, !indices.SequenceEqual(ours));
    }
}
