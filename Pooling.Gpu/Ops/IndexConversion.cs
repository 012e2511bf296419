using ILGPU;

namespace Pooling.Gpu;

/// <summary>Compact indices to PyTorch's form: one thread per output decodes its ordinal to <c>h*W + w</c>.</summary>
internal static class IndexConversion<TGeometry, TCells>
    where TGeometry : struct, IWindowGeometry
    where TCells : struct, IIndexCells
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<WindowIndices<TCells>, PoolPlanes, TGeometry, TorchIndices> Kernel = Run;

    private static void Run(WindowIndices<TCells> compact, PoolPlanes shape, TGeometry geometry, TorchIndices torch)
    {
        long total = shape.OutputLength;
        long gridStride = (long)Grid.DimX * Group.DimX;
        for (long o = Grid.GlobalIndex.X; o < total; o += gridStride)
        {
            var rows = geometry.Rows(o / shape.OW % shape.OH);
            var cols = geometry.Cols(o % shape.OW);
            var (h, w) = compact.Position(o, rows, cols);
            torch.Write(o, h, w, rows, cols);
        }
    }
}
