using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>The (n, c, d, h, w) coordinates of one element.</summary>
internal readonly record struct Coordinates(long N, long C, long D, long H, long W);

/// <summary>The sizes of a layout's four fastest dims, fastest first (the slowest, n, is unbounded).</summary>
internal readonly record struct Radices(long R0, long R1, long R2, long R3);

/// <summary>
/// An element index as mixed-radix digits in a layout's dim order, fastest first; the last (n)
/// is unbounded. Adding two in-range digit sets needs one carry per digit, no division.
/// </summary>
internal readonly record struct Digits(long D0, long D1, long D2, long D3, long D4)
{
    /// <summary>The digits of <paramref name="index"/>: four divisions.</summary>
    internal static Digits Of(long index, Radices radices)
    {
        long rest = Divide.Quotient(index, radices.R0, out long d0);
        rest = Divide.Quotient(rest, radices.R1, out long d1);
        rest = Divide.Quotient(rest, radices.R2, out long d2);
        long d4 = Divide.Quotient(rest, radices.R3, out long d3);
        return new Digits(d0, d1, d2, d3, d4);
    }

    /// <summary>
    /// The digits of this index plus <paramref name="step"/>'s. Each digit of both is below its
    /// radix, so a digit's sum with the carry is below twice the radix: one comparison carries it.
    /// </summary>
    internal Digits Plus(Digits step, Radices radices)
    {
        long s0 = D0 + step.D0;
        long s1 = D1 + step.D1 + (s0 >= radices.R0 ? 1 : 0);
        long s2 = D2 + step.D2 + (s1 >= radices.R1 ? 1 : 0);
        long s3 = D3 + step.D3 + (s2 >= radices.R2 ? 1 : 0);
        long s4 = D4 + step.D4 + (s3 >= radices.R3 ? 1 : 0);
        return new Digits(Wrap(s0, radices.R0), Wrap(s1, radices.R1), Wrap(s2, radices.R2), Wrap(s3, radices.R3), s4);
    }

    private static long Wrap(long sum, long radix) => sum >= radix ? sum - radix : sum;
}

/// <summary>
/// Where element (n, c, d, h, w) lives in a tensor's memory. Kernels are written once against
/// this and specialised per layout, so channels-last results come from the same code as
/// channels-first ones.
/// </summary>
internal interface ILayout
{
    /// <summary>The element index of (n, c, d, h, w).</summary>
    long Offset(TensorDims dims, long n, long c, long d, long h, long w);

    /// <summary>The distance between (.., w) and (.., w + 1).</summary>
    long WidthStride(TensorDims dims);

    /// <summary>The sizes of the four fastest dims, fastest first: the radices of an element index.</summary>
    Radices Radices(TensorDims dims);

    /// <summary>The coordinates of an element index's digits.</summary>
    Coordinates Arrange(Digits digits);
}

/// <summary>NCHW (NCL, NCDHW): consecutive threads take consecutive w.</summary>
internal readonly struct ChannelsFirst : ILayout
{
    public long Offset(TensorDims dims, long n, long c, long d, long h, long w) => (((n * dims.C + c) * dims.D + d) * dims.H + h) * dims.W + w;

    public long WidthStride(TensorDims dims) => 1;

    public Radices Radices(TensorDims dims) => new(dims.W, dims.H, dims.D, dims.C);

    public Coordinates Arrange(Digits digits) => new(digits.D4, digits.D3, digits.D2, digits.D1, digits.D0);
}

/// <summary>NHWC (NLC, NDHWC): consecutive threads take consecutive channels, so accesses coalesce along C.</summary>
internal readonly struct ChannelsLast : ILayout
{
    public long Offset(TensorDims dims, long n, long c, long d, long h, long w) => (((n * dims.D + d) * dims.H + h) * dims.W + w) * dims.C + c;

    public long WidthStride(TensorDims dims) => dims.C;

    public Radices Radices(TensorDims dims) => new(dims.C, dims.W, dims.H, dims.D);

    public Coordinates Arrange(Digits digits) => new(digits.D4, digits.D0, digits.D3, digits.D2, digits.D1);
}

/// <summary>
/// The step of a grid-stride loop, the launch's thread count, as an element index and as that
/// index's digits in a tensor's layout. The host computes it once per launch and passes it as a
/// kernel argument: every thread reads the same digits from the kernel's parameters, so they
/// hold no registers (computed per thread they cost 14 more, ptxas for sm_90 measured).
/// </summary>
internal readonly record struct GridStep(long Size, Digits Digits)
{
    /// <summary>The step of <paramref name="config"/>'s grid over the elements of <paramref name="dims"/> in <typeparamref name="TLayout"/>.</summary>
    internal static GridStep Of<TLayout>(TensorDims dims, KernelConfig config)
        where TLayout : struct, ILayout =>
        Of<TLayout>(dims, (long)config.GridDim.X * config.GroupDim.X);

    /// <summary>A step of <paramref name="size"/> elements of <paramref name="dims"/> in <typeparamref name="TLayout"/>; every dim but N at least 1.</summary>
    internal static GridStep Of<TLayout>(TensorDims dims, long size)
        where TLayout : struct, ILayout =>
        new(size, Digits.Of(size, default(TLayout).Radices(dims)));
}

/// <summary>
/// A thread's grid-stride loop over the elements of a tensor, with the current element's
/// coordinates: the loop's first index is split by division once, every step after it adds the
/// step's digits (<see cref="Digits.Plus"/>), so no element costs a division.
/// </summary>
/// <typeparam name="TLayout">The tensor's layout, which orders the digits.</typeparam>
internal struct GridWalk<TLayout>
    where TLayout : struct, ILayout
{
    private readonly Radices radices;
    private readonly GridStep step;
    private Digits digits;

    /// <summary>A walk over the elements of <paramref name="dims"/> from <paramref name="first"/> by <paramref name="step"/> (made for the same dims and layout).</summary>
    internal GridWalk(TensorDims dims, long first, GridStep step)
    {
        radices = default(TLayout).Radices(dims);
        this.step = step;
        digits = Digits.Of(first, radices);
        Index = first;
    }

    /// <summary>The element index.</summary>
    internal long Index { get; private set; }

    /// <summary>The element's coordinates.</summary>
    internal readonly Coordinates At => default(TLayout).Arrange(digits);

    /// <summary>Moves to the thread's next element.</summary>
    internal void Advance()
    {
        Index += step.Size;
        digits = digits.Plus(step.Digits, radices);
    }
}
