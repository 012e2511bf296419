using ILGPU;

namespace Pooling.Gpu;

/// <summary>Compact indices to PyTorch's form: one thread per output decodes its ordinal to <c>(d*H + h)*W + w</c>.</summary>
internal readonly struct IndexConversion<TLayout, TGeometry>(WindowIndices compact, PoolShape shape, TGeometry geometry, TorchIndices torch)
    : IElementKernel<IndexConversion<TLayout, TGeometry>, TLayout>
    where TLayout : struct, ILayout
    where TGeometry : struct, IWindowGeometry
{
    private readonly TGeometry geometry = geometry;

    public static Action<IndexConversion<TLayout, TGeometry>, GridStep> Kernel { get; } = ElementGrid<TLayout>.Run;

    /// <summary>The outputs.</summary>
    public TensorDims Elements => shape.Output;

    /// <summary>Converts the index of output <paramref name="o"/>, at <paramref name="at"/>: the body every thread runs for each of its outputs.</summary>
    public void Run(long o, Coordinates at)
    {
        var geometry = this.geometry;
        geometry.EnterPlane(at.N, at.C);
        var window = new PoolWindow(geometry.Depth(at.D), geometry.Rows(at.H), geometry.Cols(at.W));
        var position = compact.Position(o, window);
        torch.Write(o, position.D, position.H, position.W, window);
    }
}
