using ILGPU.Runtime;

namespace Pooling.Gpu.Layers;

/// <summary>
/// The engine calls of one op with its options, whatever its rank: a layer checks nothing and
/// allocates nothing itself, it hands each call's tensors to its op. Each layer family has one
/// op per kind (window, adaptive, global), so that its 1D, 2D and 3D layers differ only in the
/// options they give it.
/// </summary>
/// <param name="outputShape">The op's output shape for an input shape, after its checks.</param>
internal abstract class LayerOp(Func<TensorShape, TensorShape> outputShape)
{
    /// <summary>The output shape for an input shape, after the op's checks.</summary>
    internal TensorShape OutputShape(TensorShape input) => outputShape(input);

    /// <summary>The forward call into <see cref="SavedCall{T}.Output"/>, recording compact indices into <see cref="SavedCall{T}.Indices"/> for a max pooling.</summary>
    internal abstract void Forward<T>(PoolingEngine engine, in SavedCall<T> call, AcceleratorStream? stream)
        where T : unmanaged;

    /// <summary>The backward of <paramref name="call"/>.</summary>
    internal abstract void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged;
}

/// <summary>
/// A max pooling's op: every forward call records compact indices (a layer keeps them by input
/// shape), and every kind's backward reads them.
/// </summary>
/// <param name="outputShape">The op's output shape for an input shape, after its checks.</param>
internal abstract class MaxLayerOp(Func<TensorShape, TensorShape> outputShape) : LayerOp(outputShape)
{
    /// <summary>Compact indices for inputs of this shape.</summary>
    internal abstract MaxPoolIndices NewIndices(PoolingEngine engine, TensorShape input);

    internal sealed override void Backward<T>(PoolingEngine engine, in SavedCall<T> call, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.MaxPoolBackward(gradOutput, call.Indices!, gradInput, stream);
}

/// <summary>
/// A fractional max pooling's op: every forward call records PyTorch-form indices (a layer keeps
/// them by output shape) over windows of its own, drawn from the seed it takes with
/// <see cref="Draw"/> unless the layer was given samples; its backward reads both again.
/// </summary>
/// <param name="outputShape">The op's output shape for an input shape, after its checks.</param>
/// <param name="firstSeed">The seed of the first call.</param>
internal abstract class FractionalLayerOp(Func<TensorShape, TensorShape> outputShape, ulong firstSeed) : LayerOp(outputShape)
{
    /// <summary>The seed the next forward call takes.</summary>
    internal ulong NextSeed { get; set; } = firstSeed;

    /// <summary>A forward call's seed: each call takes the next one, so that each draws windows of its own, as PyTorch draws fresh samples.</summary>
    internal ulong Draw() => NextSeed++;
}
