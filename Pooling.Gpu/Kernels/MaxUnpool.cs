using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// max_unpool forward: one thread per (n, c) plane writes the plane's inputs, in order, at their
/// indices into the zeroed output. Of several inputs with the same index the last one wins, as
/// on PyTorch's CPU, on every accelerator (PyTorch's CUDA kernel leaves the choice to the race).
/// An index outside the output plane is skipped.
/// </summary>
internal static class MaxUnpoolScatter<T, TLayout>
    where T : unmanaged
    where TLayout : struct, ILayout
{
    /// <summary>The kernel method.</summary>
    internal static readonly Action<ArrayView<T>, ArrayView<long>, ArrayView<T>, PoolShape> Kernel = Run;

    private static void Run(ArrayView<T> input, ArrayView<long> indices, ArrayView<T> output, PoolShape shape)
    {
        long planes = shape.Input.N * shape.Input.C;
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long plane = Grid.GlobalIndex.X; plane < planes; plane += gridStride)
        {
            Plane(input, indices, output, shape, plane);
        }
    }

    /// <summary>Scatters the inputs of (n, c) plane <paramref name="plane"/>, in order: the body every thread runs for each of its planes.</summary>
    internal static void Plane(ArrayView<T> input, ArrayView<long> indices, ArrayView<T> output, PoolShape shape, long plane)
    {
        var layout = default(TLayout);
        var (pooled, unpooled) = (shape.Input, shape.Output);
        long n = Divide.Quotient(plane, pooled.C, out long c);
        for (long d = 0; d < pooled.D; d++)
        {
            for (long h = 0; h < pooled.H; h++)
            {
                for (long w = 0; w < pooled.W; w++)
                {
                    long at = layout.Offset(pooled, n, c, d, h, w);
                    long target = UnpoolTarget.Offset(layout, unpooled, n, c, indices[at]);
                    if (target >= 0)
                    {
                        output[target] = input[at];
                    }
                }
            }
        }
    }
}

/// <summary>
/// max_unpool backward, a gather: one thread per input element reads the output gradient at its
/// index (0 for an index outside the output plane). Inputs that share an index each get that
/// position's gradient, as PyTorch's autograd gives them.
/// </summary>
internal readonly struct MaxUnpoolGather<T, TLayout>(ArrayView<T> gradOutput, ArrayView<long> indices, ArrayView<T> gradInput, PoolShape shape)
    : IElementKernel<MaxUnpoolGather<T, TLayout>, TLayout>
    where T : unmanaged
    where TLayout : struct, ILayout
{
    public static Action<MaxUnpoolGather<T, TLayout>, GridStep> Kernel { get; } = ElementGrid<TLayout>.Run;

    /// <summary>The inputs.</summary>
    public TensorDims Elements => shape.Input;

    /// <summary>Gathers the gradient of input element <paramref name="i"/>, at <paramref name="at"/>: the body every thread runs for each of its inputs.</summary>
    public void Run(long i, Coordinates at)
    {
        long source = UnpoolTarget.Offset(default(TLayout), shape.Output, at.N, at.C, indices[i]);
        gradInput[i] = source >= 0 ? gradOutput[source] : default;
    }
}

/// <summary>Where an unpooling index points.</summary>
internal static class UnpoolTarget
{
    /// <summary>The element index of plane position <paramref name="index"/> of (n, c) in the output; -1 outside the plane.</summary>
    internal static long Offset<TLayout>(TLayout layout, TensorDims output, long n, long c, long index)
        where TLayout : struct, ILayout
    {
        if (index < 0 || index >= output.D * output.H * output.W)
        {
            return -1;
        }

        long rest = Divide.Quotient(index, output.W, out long w);
        long d = Divide.Quotient(rest, output.H, out long h);
        return layout.Offset(output, n, c, d, h, w);
    }
}

/// <summary>Finds the first unpooling index outside the output plane: the lowest element index, by an atomic minimum.</summary>
internal static class MaxUnpoolIndexCheck
{
    /// <summary>The kernel method.</summary>
    internal static readonly Action<ArrayView<long>, long, ArrayView<long>> Kernel = Run;

    private static void Run(ArrayView<long> indices, long planeLength, ArrayView<long> firstInvalid)
    {
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long i = Grid.GlobalIndex.X; i < indices.Length; i += gridStride)
        {
            if (Outside(indices[i], planeLength))
            {
                Atomic.Min(ref firstInvalid[0], i);
            }
        }
    }

    /// <summary>Whether <paramref name="index"/> lies outside an output plane of <paramref name="planeLength"/> positions.</summary>
    internal static bool Outside(long index, long planeLength) => index < 0 || index >= planeLength;
}
