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
