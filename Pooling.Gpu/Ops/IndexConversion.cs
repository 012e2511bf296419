using ILGPU;

namespace Pooling.Gpu;

/// <summary>Compact indices to PyTorch's form: one thread per output decodes its ordinal to <c>(d*H + h)*W + w</c>.</summary>
internal static class IndexConversion<TLayout, TGeometry, TCells>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
    where TCells : struct, IIndexCells
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<WindowIndices<TCells>, PoolShape, TGeometry, TorchIndices> Kernel = Run;

    private static void Run(WindowIndices<TCells> compact, PoolShape shape, TGeometry geometry, TorchIndices torch)
    {
        long total = shape.Output.Length;
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long o = Grid.GlobalIndex.X; o < total; o += gridStride)
        {
            var at = default(TLayout).Split(shape.Output, o);
            var window = new PoolWindow(geometry.Depth(at.D), geometry.Rows(at.H), geometry.Cols(at.W));
            var position = compact.Position(o, window);
            torch.Write(o, position.D, position.H, position.W, window);
        }
    }
}
