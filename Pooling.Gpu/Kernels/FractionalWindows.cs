using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// Fractional max pooling's windows as the API decides them, before an element type gives them
/// their arithmetic: the shapes, the kernel per axis (1 along the axes a 2D op lacks), the samples
/// per plane (2 in 2D, 3 in 3D, as PyTorch's <c>_random_samples</c>), the seed that draws them when
/// the caller gives none, and whether the windows are computed in float64 (fp64 inputs) or float32.
/// </summary>
internal readonly record struct FractionalSpec(PoolShape Shape, (int D, int H, int W) Kernel, int SampleRank, ulong Seed, bool InDouble);

/// <summary>One axis of fractional pooling: windows of <paramref name="Kernel"/> positions over <paramref name="Inputs"/>, their starts spread by <paramref name="Alpha"/>.</summary>
/// <param name="Inputs">The input's size along the axis.</param>
/// <param name="Outputs">The output's size along the axis.</param>
/// <param name="Kernel">The window's size.</param>
/// <param name="Alpha"><c>(Inputs - Kernel) / (Outputs - 1)</c> in the accumulator type; unused when there is one output.</param>
internal readonly record struct FractionalAxis<TAcc>(long Inputs, long Outputs, int Kernel, TAcc Alpha)
    where TAcc : unmanaged;

/// <summary>A plane's sample <c>u</c> along one axis, and <c>(long)(u*alpha)</c>, which every window start of the plane subtracts.</summary>
internal readonly record struct AxisSample<TAcc>(TAcc Value, long Offset)
    where TAcc : unmanaged;

/// <summary>
/// The samples of a fractional pooling whose caller gives none: sample <c>i</c> (PyTorch's order,
/// plane by plane) is the top 24 bits of SplitMix64's output <c>i + 1</c> from the seed, over 2^24:
/// a multiple of 2^-24 in [0, 1), exact in float32 and float64. Counter-based, so that every
/// thread draws its plane's samples on its own, on any device, and a backward call draws the
/// forward's again from the same seed.
/// </summary>
internal static class FractionalSeeds
{
    /// <summary>The denominator of a drawn sample.</summary>
    internal const long Scale = 1L << 24;

    /// <summary>The numerator of sample <paramref name="index"/> drawn from <paramref name="seed"/>, in [0, <see cref="Scale"/>).</summary>
    internal static long Draw(ulong seed, long index)
    {
        ulong z = seed + ((ulong)index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 40);
    }
}

/// <summary>
/// Windows of fractional max pooling (Graham's pseudorandom pooling, as PyTorch's
/// fractional_max_pool2d/3d): along each axis, output o of O over an input of I takes the
/// <c>k</c> positions from <c>(long)((o + u)*alpha) - (long)(u*alpha)</c>, and the last output
/// from <c>I - k</c>, with <c>alpha = (I - k)/(O - 1)</c> and the plane's sample <c>u</c> for the
/// axis. The arithmetic is PyTorch's CUDA kernel's, in the accumulator type (float32 for fp16, bf16
/// and fp32, float64 for fp64), so that the same samples give the same windows. Starts are clamped
/// to <c>[0, I - k]</c>: a no-op for samples in [0, 1), and no window leaves the input for any other.
/// </summary>
/// <remarks>
/// The samples come from the caller's tensor (N, C, rank), or, given an empty view, are drawn from the seed (<see cref="FractionalSeeds"/>).
/// </remarks>
internal struct FractionalWindows<T, TAcc, TElement> : IWindowGeometry
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    private readonly FractionalAxis<TAcc> depth, rows, cols;
    private readonly ArrayView<T> samples;
    private readonly ulong seed;
    private readonly long channels;
    private readonly int sampleRank;
    private AxisSample<TAcc> depthSample, rowSample, colSample;

    /// <summary>The windows of <paramref name="spec"/> from <paramref name="samples"/> (empty: drawn from the seed); alpha is computed here, on the host.</summary>
    internal FractionalWindows(FractionalSpec spec, ArrayView<T> samples)
    {
        var (input, output) = (spec.Shape.Input, spec.Shape.Output);
        depth = Axis(input.D, output.D, spec.Kernel.D);
        rows = Axis(input.H, output.H, spec.Kernel.H);
        cols = Axis(input.W, output.W, spec.Kernel.W);
        this.samples = samples;
        seed = spec.Seed;
        channels = input.C;
        sampleRank = spec.SampleRank;
    }

    /// <summary>Loads (or draws) the plane's samples: PyTorch's order is (W, H) in 2D and (T, H, W) in 3D.</summary>
    public void EnterPlane(long n, long c)
    {
        long first = (n * channels + c) * sampleRank;
        if (sampleRank == 3)
        {
            depthSample = Sample(depth, first);
            rowSample = Sample(rows, first + 1);
            colSample = Sample(cols, first + 2);
        }
        else
        {
            colSample = Sample(cols, first);
            rowSample = Sample(rows, first + 1);
        }
    }

    public readonly AxisWindow Depth(long od) => Window(depth, depthSample, od);

    public readonly AxisWindow Rows(long oh) => Window(rows, rowSample, oh);

    public readonly AxisWindow Cols(long ow) => Window(cols, colSample, ow);

    public readonly OutputRange DepthCovering(long d) => Covering(depth, depthSample, d);

    public readonly OutputRange RowsCovering(long h) => Covering(rows, rowSample, h);

    public readonly OutputRange ColsCovering(long w) => Covering(cols, colSample, w);

    private static FractionalAxis<TAcc> Axis(long inputs, long outputs, int kernel)
    {
        var element = default(TElement);
        return new(inputs, outputs, kernel, outputs > 1 ? element.Divide(element.FromInteger(inputs - kernel), outputs - 1) : element.Zero);
    }

    private static AxisWindow Window(FractionalAxis<TAcc> axis, AxisSample<TAcc> sample, long o)
    {
        long start = Start(axis, sample, o);
        return new AxisWindow(start, start, start + axis.Kernel, 1, axis.Kernel, axis.Kernel);
    }

    /// <summary>
    /// The outputs whose windows <c>[start, start + k)</c> hold <paramref name="i"/>. Starts never
    /// decrease with o, so these run from the first start past <c>i - k</c> to the first past
    /// <paramref name="i"/>: two bisections of about log2(O) window starts each, computed in
    /// registers (a table of starts would cost memory and a launch per call).
    /// </summary>
    private static OutputRange Covering(FractionalAxis<TAcc> axis, AxisSample<TAcc> sample, long i)
    {
        long first = FirstStartPast(axis, sample, i - axis.Kernel, 0);
        return new OutputRange(first, FirstStartPast(axis, sample, i, first));
    }

    /// <summary>The first output from <paramref name="low"/> whose window starts past <paramref name="position"/>; the output count if none does.</summary>
    private static long FirstStartPast(FractionalAxis<TAcc> axis, AxisSample<TAcc> sample, long position, long low)
    {
        long high = axis.Outputs;
        while (low < high)
        {
            long middle = (low + high) >> 1;
            if (Start(axis, sample, middle) > position)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Where output <paramref name="o"/>'s window starts: PyTorch's formula, clamped into the input.</summary>
    private static long Start(FractionalAxis<TAcc> axis, AxisSample<TAcc> sample, long o)
    {
        long last = axis.Inputs - axis.Kernel;
        if (o == axis.Outputs - 1)
        {
            return last;
        }

        var element = default(TElement);
        long start = element.Truncate(element.Multiply(element.Add(element.FromInteger(o), sample.Value), axis.Alpha)) - sample.Offset;
        return Math.Min(Math.Max(start, 0), last);
    }

    private readonly AxisSample<TAcc> Sample(FractionalAxis<TAcc> axis, long index)
    {
        var element = default(TElement);
        var value = samples.Length > 0
            ? element.Load(samples[index])
            : element.Divide(element.FromInteger(FractionalSeeds.Draw(seed, index)), FractionalSeeds.Scale);
        return new AxisSample<TAcc>(value, element.Truncate(element.Multiply(value, axis.Alpha)));
    }
}
