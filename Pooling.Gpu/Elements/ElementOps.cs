using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The bridge from an op's element type <typeparamref name="T"/>, known at run time to the
/// generic public methods, to the kernels' static type arguments (accumulator, element struct,
/// index format). One instance per supported type; the launches themselves are
/// <see cref="ElementOps{T, TAcc, TElement}"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal abstract class ElementOps<T>
    where T : unmanaged
{
    private static readonly ElementOps<T>? Instance = (ElementOps<T>?)(object?)(
        typeof(T) == typeof(float) ? new ElementOps<float, float, FloatElement<float, SingleCodec>>()
        : typeof(T) == typeof(double) ? new ElementOps<double, double, DoubleElement>()
        : typeof(T) == typeof(ILGPU.Half) ? new ElementOps<ILGPU.Half, float, FloatElement<ILGPU.Half, HalfCodec>>()
        : typeof(T) == typeof(BFloat16) ? new ElementOps<BFloat16, float, FloatElement<BFloat16, BFloat16Codec>>()
        : null);

    /// <summary>The operations of <typeparamref name="T"/>; an error naming <paramref name="parameter"/> for an unsupported type.</summary>
    internal static ElementOps<T> For(string parameter) =>
        Instance ?? throw new ArgumentException(
            $"Pooling.Gpu pools elements of type float, double, ILGPU.Half or Pooling.Gpu.BFloat16, not {typeof(T).FullName}.", parameter);

    /// <summary>Window max pooling; indices: null, a DeviceTensor&lt;long&gt; (PyTorch's form) or MaxPoolIndices.</summary>
    internal abstract void Max<TGeometry>(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, object? indices, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Window average pooling.</summary>
    internal abstract void Average<TGeometry>(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Global average pooling.</summary>
    internal abstract void GlobalMean(PoolingEngine engine, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream);

    /// <summary>Global max pooling; indices as for <see cref="Max{TGeometry}"/>.</summary>
    internal abstract void GlobalMax(PoolingEngine engine, DeviceTensor<T> input, ArrayView<T> values, object? indices, AcceleratorStream? stream);

    /// <summary>Max pooling backward; indices: a DeviceTensor&lt;long&gt; or MaxPoolIndices.</summary>
    internal abstract void MaxBackward<TGeometry>(PoolingEngine engine, DeviceTensor<T> gradOutput, TGeometry geometry, object indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Average pooling backward.</summary>
    internal abstract void AverageBackward<TGeometry>(PoolingEngine engine, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Power-average (LP) pooling.</summary>
    internal abstract void PowerAverage(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream);

    /// <summary>Power-average pooling backward, from the forward call's input and output.</summary>
    internal abstract void PowerAverageBackward(
        PoolingEngine engine, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream);
}

/// <summary>The launches of one element type, with every type argument static.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TElement">How the kernels read, compute and write <typeparamref name="T"/>.</typeparam>
internal sealed class ElementOps<T, TAcc, TElement> : ElementOps<T>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    internal override void Max<TGeometry>(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, object? indices, AcceleratorStream? stream)
    {
        var dims = TensorDims.Of(input.Shape);
        switch (indices)
        {
            case null:
                engine.LaunchWindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, NoIndices>>(input, output, geometry, new(values, default), stream);
                break;
            case DeviceTensor<long> torch:
                engine.LaunchWindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, TorchIndices>>(input, output, geometry, new(values, new(torch.View, dims)), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                engine.LaunchWindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, WindowIndices<ByteCells>>>(input, output, geometry, new(values, compact.AsBytes()), stream);
                break;
            case MaxPoolIndices compact:
                engine.LaunchWindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, WindowIndices<Int32Cells>>>(input, output, geometry, new(values, compact.AsInts()), stream);
                break;
        }
    }

    internal override void Average<TGeometry>(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream) =>
        engine.LaunchWindowPool<T, TAcc, TElement, TGeometry, AverageReduction<T, TAcc, TElement>>(input, output, geometry, new(values, divisorOverride), stream);

    internal override void GlobalMean(PoolingEngine engine, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream)
    {
        var output = Global(input);
        if (input.Shape.Layout == TensorLayout.ChannelsLast || !engine.ReducesPlanesInGroups)
        {
            Average(engine, input, output, new AdaptiveWindows(PoolShape.Of(input.Shape, output)), values, 0, stream);
        }
        else
        {
            engine.LaunchGlobal<T, TAcc, PlaneMean<T, TAcc, TElement>>(input, new(values, input.Shape.PlaneLength), stream);
        }
    }

    internal override void GlobalMax(PoolingEngine engine, DeviceTensor<T> input, ArrayView<T> values, object? indices, AcceleratorStream? stream)
    {
        var output = Global(input);
        if (input.Shape.Layout == TensorLayout.ChannelsLast || !engine.ReducesPlanesInGroups)
        {
            Max(engine, input, output, new AdaptiveWindows(PoolShape.Of(input.Shape, output)), values, indices, stream);
            return;
        }

        var dims = TensorDims.Of(input.Shape);
        switch (indices)
        {
            case null:
                engine.LaunchGlobal<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, NoIndices>>(input, new(values, default, dims), stream);
                break;
            case DeviceTensor<long> torch:
                engine.LaunchGlobal<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, TorchIndices>>(input, new(values, new(torch.View, dims), dims), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                engine.LaunchGlobal<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, WindowIndices<ByteCells>>>(input, new(values, compact.AsBytes(), dims), stream);
                break;
            case MaxPoolIndices compact:
                engine.LaunchGlobal<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, WindowIndices<Int32Cells>>>(input, new(values, compact.AsInts(), dims), stream);
                break;
        }
    }

    internal override void MaxBackward<TGeometry>(PoolingEngine engine, DeviceTensor<T> gradOutput, TGeometry geometry, object indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
    {
        var grad = gradOutput.View;
        var output = gradOutput.Shape;
        switch (indices)
        {
            case DeviceTensor<long> torch:
                engine.LaunchWindowBackward<T, TAcc, TElement, TGeometry, MaxGradient<T, TAcc, TElement, TorchIndices>>(
                    gradInput, output, geometry, new(grad, new(torch.View, TensorDims.Of(gradInput.Shape))), stream);
                break;
            case MaxPoolIndices { BytesPerIndex: 1 } compact:
                engine.LaunchWindowBackward<T, TAcc, TElement, TGeometry, MaxGradient<T, TAcc, TElement, WindowIndices<ByteCells>>>(
                    gradInput, output, geometry, new(grad, compact.AsBytes()), stream);
                break;
            case MaxPoolIndices compact:
                engine.LaunchWindowBackward<T, TAcc, TElement, TGeometry, MaxGradient<T, TAcc, TElement, WindowIndices<Int32Cells>>>(
                    gradInput, output, geometry, new(grad, compact.AsInts()), stream);
                break;
        }
    }

    internal override void AverageBackward<TGeometry>(PoolingEngine engine, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.LaunchWindowBackward<T, TAcc, TElement, TGeometry, AverageGradient<T, TAcc, TElement>>(
            gradInput, gradOutput.Shape, geometry, new(gradOutput.View, divisorOverride), stream);

    internal override void PowerAverage(PoolingEngine engine, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream) =>
        engine.LaunchWindowPool<T, TAcc, TElement, StridedWindows, PowerAverageReduction<T, TAcc, TElement>>(input, output, geometry, new(values, norm), stream);

    internal override void PowerAverageBackward(
        PoolingEngine engine, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        engine.LaunchWindowBackward<T, TAcc, TElement, StridedWindows, PowerAverageGradient<T, TAcc, TElement>>(
            gradInput, gradOutput.Shape, geometry, new(gradOutput.View, output.View, input.View, norm), stream);

    private static TensorShape Global(DeviceTensor<T> input) => input.Shape.WithSpatial(1, 1, 1);
}
