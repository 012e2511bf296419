namespace Pooling.Gpu.Tests;

/// <summary>
/// Fractional max pooling's windows, written from PyTorch's <c>generate_intervals</c>
/// (aten/src/ATen/native/FractionalMaxPooling.h) and its CUDA kernel's <c>get_interval</c>: along
/// an axis of I inputs, O outputs and kernel k, output o of a plane with sample u starts at
/// <c>(int)((o + u) * alpha) - (int)(u * alpha)</c> with <c>alpha = (I - k) / (O - 1)</c>, the
/// last at <c>I - k</c>, in float32 (CUDA's accumulator type for fp16, bf16 and fp32) or float64.
/// Each plane has <c>rank</c> samples in PyTorch's order: (w, h) in 2D, (t, h, w) in 3D.
/// </summary>
public static class ReferenceFractional
{
    /// <summary>The window starts of one axis, in float32 or, <paramref name="inDouble"/>, float64 arithmetic.</summary>
    public static long[] Starts(double sample, long inputs, long outputs, int kernel, bool inDouble)
    {
        var starts = new long[outputs];
        if (outputs > 1)
        {
            double alpha = (double)(inputs - kernel) / (outputs - 1);
            float alpha32 = (float)(inputs - kernel) / (float)(outputs - 1);
            for (long o = 0; o < outputs - 1; o++)
            {
                starts[o] = inDouble
                    ? (long)((o + sample) * alpha) - (long)(sample * alpha)
                    : (long)((o + (float)sample) * alpha32) - (long)((float)sample * alpha32);
            }
        }

        starts[^1] = inputs - kernel;
        if (starts.Any(s => s < 0 || s > inputs - kernel))
        {
            throw new ArgumentOutOfRangeException(nameof(sample), sample, "a sample outside [0, 1) put a window outside the input");
        }

        return starts;
    }

    /// <summary>
    /// The windows of pooling <paramref name="input"/> to <paramref name="output"/> with kernel
    /// (kD, kH, kW), the samples of plane p at <c>samples[p*rank ..]</c>.
    /// </summary>
    public static PoolWindows Windows(TensorShape input, TensorShape output, (int D, int H, int W) kernel, double[] samples, bool inDouble)
    {
        int rank = input.SpatialRank;
        var planes = Enumerable.Range(0, (int)input.Planes).Select(p =>
        {
            double Sample(int axis) => samples[p * rank + axis];
            var (d, h, w) = rank == 2 ? (0.0, Sample(1), Sample(0)) : (Sample(0), Sample(1), Sample(2));
            return (
                D: Starts(d, input.D, output.D, kernel.D, inDouble),
                H: Starts(h, input.H, output.H, kernel.H, inDouble),
                W: Starts(w, input.W, output.W, kernel.W, inDouble));
        }).ToArray();
        return new PoolWindows(output, (plane, a, i, j) =>
        {
            var starts = planes[plane];
            return new Window(
                ReferencePooling.Range(starts.D[a], starts.D[a] + kernel.D),
                ReferencePooling.Range(starts.H[i], starts.H[i] + kernel.H),
                ReferencePooling.Range(starts.W[j], starts.W[j] + kernel.W),
                1);
        });
    }

    /// <summary>
    /// The samples a call without samples draws from <paramref name="seed"/> for <paramref name="planes"/>
    /// planes of <paramref name="rank"/> samples: sample i is the top 24 bits of SplitMix64's
    /// output i + 1 (Steele, Lea and Flood's generator: add the golden gamma, then mix) over 2^24.
    /// </summary>
    public static double[] Drawn(ulong seed, long planes, int rank) =>
        [.. Enumerable.Range(0, checked((int)(planes * rank))).Select(i =>
        {
            ulong z = unchecked(seed + 0x9E3779B97F4A7C15UL * (ulong)(i + 1));
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return (z >> 40) / 16777216.0;
        })];
}
