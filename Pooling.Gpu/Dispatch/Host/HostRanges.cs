using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// An element kernel over a range of element indices, in memory order: the host's form of the
/// kernel's grid-stride loop, with a step of one element (<see cref="GridWalk{TLayout}"/>: no
/// division per element).
/// </summary>
internal readonly struct ElementRange<TLayout, TKernel>(TKernel kernel) : IRangeBody
    where TLayout : struct, ILayout
    where TKernel : struct, IElementKernel<TKernel, TLayout>
{
    public void Run(long start, long end) => ElementGrid<TLayout>.Walk(kernel, start, end, GridStep.Of<TLayout>(kernel.Elements, 1));
}

/// <summary>Max unpooling's scatter over a range of (n, c) planes, each in order.</summary>
internal readonly struct UnpoolPlanes<T, TLayout>(ArrayView<T> input, ArrayView<long> indices, ArrayView<T> output, PoolShape shape) : IRangeBody
    where T : unmanaged
    where TLayout : struct, ILayout
{
    public void Run(long start, long end)
    {
        for (long plane = start; plane < end; plane++)
        {
            MaxUnpoolScatter<T, TLayout>.Plane(input, indices, output, shape, plane);
        }
    }
}
