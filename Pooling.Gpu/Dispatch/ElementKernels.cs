using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The bridge from an op's element type <typeparamref name="T"/>, known at run time to the
/// generic dispatch, to the kernels' static type arguments: the accumulator and the element
/// struct. One instance per supported type; the launches are <see cref="ElementKernels{T, TAcc, TElement}"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal abstract class ElementKernels<T>
    where T : unmanaged
{
    /// <summary>The kernels of <typeparamref name="T"/>; null for an unsupported type.</summary>
    internal static ElementKernels<T>? Instance { get; } = (ElementKernels<T>?)(object?)(
        typeof(T) == typeof(float) ? new ElementKernels<float, float, FloatElement<float, SingleCodec>>()
        : typeof(T) == typeof(double) ? new ElementKernels<double, double, DoubleElement>()
        : typeof(T) == typeof(ILGPU.Half) ? new ElementKernels<ILGPU.Half, float, FloatElement<ILGPU.Half, HalfCodec>>()
        : typeof(T) == typeof(BFloat16) ? new ElementKernels<BFloat16, float, FloatElement<BFloat16, BFloat16Codec>>()
        : null);

    /// <summary>Window max pooling, recording the maxima's positions in <typeparamref name="TIndex"/>'s format.</summary>
    internal abstract void Max<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Window average pooling; a divisor override of 0 means none.</summary>
    internal abstract void Average<TGeometry>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Power-average (LP) pooling.</summary>
    internal abstract void PowerAverage(
        IExecution run, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream);

    /// <summary>The mean of each channels-first plane, a team of threads per plane.</summary>
    internal abstract void PlaneMean(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream);

    /// <summary>The max of each channels-first plane, a team of threads per plane, with its position in <typeparamref name="TIndex"/>'s format.</summary>
    internal abstract void PlaneMax<TIndex>(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Max pooling backward from the maxima's positions in <typeparamref name="TIndex"/>'s format.</summary>
    internal abstract void MaxBackward<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Average pooling backward.</summary>
    internal abstract void AverageBackward<TGeometry>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Power-average pooling backward, from the forward call's input and output.</summary>
    internal abstract void PowerAverageBackward(
        IExecution run, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream);
}

/// <summary>The launches of one element type, with every type argument static.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TElement">How the kernels read, compute and write <typeparamref name="T"/>.</typeparam>
internal sealed class ElementKernels<T, TAcc, TElement> : ElementKernels<T>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    internal override void Max<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream) =>
        run.WindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, TIndex>>(input, output, geometry, new(values, indices), stream);

    internal override void Average<TGeometry>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream) =>
        run.WindowPool<T, TAcc, TElement, TGeometry, AverageReduction<T, TAcc, TElement>>(input, output, geometry, new(values, divisorOverride), stream);

    internal override void PowerAverage(
        IExecution run, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream) =>
        run.WindowPool<T, TAcc, TElement, StridedWindows, PowerAverageReduction<T, TAcc, TElement>>(input, output, geometry, new(values, norm), stream);

    internal override void PlaneMean(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream) =>
        run.PlaneReduction<T, TAcc, PlaneMean<T, TAcc, TElement>>(input, new(values, input.Shape.PlaneLength), stream);

    internal override void PlaneMax<TIndex>(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, TIndex indices, AcceleratorStream? stream) =>
        run.PlaneReduction<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, TIndex>>(input, new(values, indices, TensorDims.Of(input.Shape)), stream);

    internal override void MaxBackward<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        run.WindowBackward<T, TAcc, TElement, TGeometry, MaxGradient<T, TAcc, TElement, TIndex>>(
            gradInput, gradOutput.Shape, geometry, new(gradOutput.View, indices), stream);

    internal override void AverageBackward<TGeometry>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        run.WindowBackward<T, TAcc, TElement, TGeometry, AverageGradient<T, TAcc, TElement>>(
            gradInput, gradOutput.Shape, geometry, new(gradOutput.View, divisorOverride), stream);

    internal override void PowerAverageBackward(
        IExecution run, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        run.WindowBackward<T, TAcc, TElement, StridedWindows, PowerAverageGradient<T, TAcc, TElement>>(
            gradInput, gradOutput.Shape, geometry, new(gradOutput.View, output.View, input.View, norm), stream);
}
