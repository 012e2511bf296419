using ILGPU;

namespace Pooling.Gpu;

/// <summary>What the host runs for one element of a tensor, given its index in the tensor's layout and its coordinates.</summary>
internal interface IElementBody
{
    void Run(long index, Coordinates at);
}

/// <summary>
/// An element body over a range of element indices, in memory order: the host's form of a
/// kernel's grid-stride loop, with a step of one element (<see cref="GridWalk{TLayout}"/>: no
/// division per element).
/// </summary>
internal readonly struct ElementRange<TLayout, TBody>(TensorDims dims, TBody body) : IRangeBody
    where TLayout : struct, ILayout
    where TBody : struct, IElementBody
{
    public void Run(long start, long end)
    {
        for (var walk = new GridWalk<TLayout>(dims, start, GridStep.Of<TLayout>(dims, 1)); walk.Index < end; walk.Advance())
        {
            body.Run(walk.Index, walk.At);
        }
    }
}

/// <summary>One output of window pooling: the kernel's own per-output body.</summary>
internal readonly struct PoolOutput<T, TAcc, TElement, TLayout, TGeometry, TReduction>(ArrayView<T> input, PoolShape shape, TGeometry geometry, TReduction reduction)
    : IElementBody
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IMaxElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TReduction : struct, IWindowReduction<TAcc>
{
    public void Run(long index, Coordinates at) => WindowPool<T, TAcc, TElement, TLayout, TGeometry, TReduction>.Output(input, shape, geometry, reduction, index, at);
}

/// <summary>One input's gradient: the backward kernel's own per-input body.</summary>
internal readonly struct BackwardInput<T, TAcc, TElement, TLayout, TGeometry, TGradient>(ArrayView<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient)
    : IElementBody
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TGradient : struct, IWindowGradient<TAcc>
{
    public void Run(long index, Coordinates at) => WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, TGradient>.Input(gradInput, shape, geometry, gradient, index, at);
}

/// <summary>One element of a copy into a contiguous tensor: a layout conversion, or a strided view made contiguous.</summary>
internal readonly struct CopyElement<T, TTo>(ArrayView<T> input, ArrayView<T> output, TensorStrides strides) : IElementBody
    where T : unmanaged
    where TTo : struct, ILayout
{
    public void Run(long index, Coordinates at) => StridedCopy<T, TTo>.Element(input, output, strides, index, at);
}

/// <summary>One output's compact index, converted to PyTorch's form.</summary>
internal readonly struct IndexOutput<TLayout, TGeometry>(WindowIndices compact, TGeometry geometry, TorchIndices torch) : IElementBody
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
{
    public void Run(long index, Coordinates at) => IndexConversion<TLayout, TGeometry>.Output(compact, geometry, torch, index, at);
}

/// <summary>One input of max unpooling's backward.</summary>
internal readonly struct UnpoolInput<T, TLayout>(ArrayView<T> gradOutput, ArrayView<long> indices, ArrayView<T> gradInput, PoolShape shape) : IElementBody
    where T : unmanaged
    where TLayout : struct, ILayout
{
    public void Run(long index, Coordinates at) => MaxUnpoolGather<T, TLayout>.Input(gradOutput, indices, gradInput, shape, index, at);
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
