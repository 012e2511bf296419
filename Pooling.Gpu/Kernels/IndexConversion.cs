using ILGPU;

namespace Pooling.Gpu;

/// <summary>Compact indices to PyTorch's form: one thread per output decodes its ordinal to <c>(d*H + h)*W + w</c>.</summary>
internal static class IndexConversion<TLayout, TGeometry>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
{
    /// <summary>The kernel method.</summary>
    internal static readonly Action<WindowIndices, PoolShape, GridStep, TGeometry, TorchIndices> Kernel = Run;

    private static void Run(WindowIndices compact, PoolShape shape, GridStep step, TGeometry geometry, TorchIndices torch)
    {
        long total = shape.Output.Length;
        for (var walk = GridWalk<TLayout>.OfThisThread(shape.Output, step); walk.Index < total; walk.Advance())
        {
            Output(compact, geometry, torch, walk.Index, walk.At);
        }
    }

    /// <summary>Converts the index of output <paramref name="o"/>, at <paramref name="at"/>: the body every thread runs for each of its outputs.</summary>
    internal static void Output(WindowIndices compact, TGeometry geometry, TorchIndices torch, long o, Coordinates at)
    {
        geometry.EnterPlane(at.N, at.C);
        var window = new PoolWindow(geometry.Depth(at.D), geometry.Rows(at.H), geometry.Cols(at.W));
        var position = compact.Position(o, window);
        torch.Write(o, position.D, position.H, position.W, window);
    }
}
