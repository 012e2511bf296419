using Pooling.Gpu.Bench.Cases;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// Our results against a peer's on the same input, as bench/gpu/torch_bench.py checks the GPU's:
/// max values bit for bit and indices exactly; averages and gradients within 1e-5 of the peer's,
/// relative to its value plus the mean magnitude of what was summed (the size of float32 rounding
/// in a sum taken in another order).
/// </summary>
internal static class ResultCheck
{
    private const double Tolerance = 1e-5;

    /// <summary>The problems found, as text; none when ours agree. Results that only one side wrote are not compared.</summary>
    internal static IReadOnlyList<string> Compare(string peer, BenchCase benchCase, CaseResults ours, PeerResults theirs, float[] input, float[]? gradOutput)
    {
        var problems = new List<string>();
        void Add(string problem) => problems.Add($"{peer}: {problem}");
        if (ours.Output is { } output && theirs.Output is { } values)
        {
            if (benchCase.Peer.Op.Contains("max", StringComparison.Ordinal))
            {
                Count(output, values, (a, b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b), "max values differ", Add);
            }
            else
            {
                Close(output, values, MeanMagnitude(input), "averages", Add);
            }
        }

        if (ours.Indices is { } indices && theirs.Indices is { } peerIndices)
        {
            Count(indices, peerIndices, (a, b) => a == b, "indices differ", Add);
        }

        if (ours.GradInput is { } grad && theirs.GradInput is { } peerGrad)
        {
            Close(grad, peerGrad, MeanMagnitude(gradOutput ?? []), "gradients", Add);
        }

        return problems;
    }

    private static void Count<T>(T[] ours, T[] theirs, Func<T, T, bool> same, string what, Action<string> add)
    {
        if (ours.Length != theirs.Length)
        {
            add($"{ours.Length} results, {theirs.Length} expected");
            return;
        }

        int differ = ours.Where((value, i) => !same(value, theirs[i])).Count();
        if (differ > 0)
        {
            add($"{differ} of {ours.Length} {what}");
        }
    }

    private static void Close(float[] ours, float[] theirs, double scale, string what, Action<string> add)
    {
        if (ours.Length != theirs.Length)
        {
            add($"{ours.Length} {what}, {theirs.Length} expected");
            return;
        }

        double worst = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            // float.Equals: NaN equals NaN, and infinities of one sign are equal.
            double error = ours[i].Equals(theirs[i]) ? 0 : Math.Abs((double)ours[i] - theirs[i]) / (Math.Abs((double)theirs[i]) + scale);
            worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
        }

        if (worst > Tolerance)
        {
            add($"{what} differ by {worst:G3} relative (at most {Tolerance:G1})");
        }
    }

    private static double MeanMagnitude(float[] values) => values.Length == 0 ? 0 : values.Average(v => Math.Abs((double)v));
}
