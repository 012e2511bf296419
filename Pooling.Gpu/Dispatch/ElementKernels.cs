using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// The bridge from an op's element type <typeparamref name="T"/>, known at run time to the
/// generic dispatch, to the kernels' static type arguments: the accumulator and the element
/// struct. One instance per supported type: max pooling forward for every type
/// (<see cref="ElementKernels{T, TAcc, TElement}"/>), and for the floating types also the averaging
/// and backward kernels (<see cref="IFloatingKernels{T}"/>), which integer types do not have.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal abstract class ElementKernels<T>
    where T : unmanaged
{
    /// <summary>The kernels of <typeparamref name="T"/>; null for an unsupported type.</summary>
    internal static ElementKernels<T>? Instance { get; } = (ElementKernels<T>?)(object?)(
        typeof(T) == typeof(float) ? new FloatingKernels<float, float, FloatElement<float, SingleCodec>>()
        : typeof(T) == typeof(double) ? new FloatingKernels<double, double, DoubleElement>()
        : typeof(T) == typeof(ILGPU.Half) ? new FloatingKernels<ILGPU.Half, float, FloatElement<ILGPU.Half, HalfCodec>>()
        : typeof(T) == typeof(BFloat16) ? new FloatingKernels<BFloat16, float, FloatElement<BFloat16, BFloat16Codec>>()
        : typeof(T) == typeof(sbyte) ? new ElementKernels<sbyte, sbyte, IntegerElement<sbyte>>()
        : typeof(T) == typeof(byte) ? new ElementKernels<byte, byte, IntegerElement<byte>>()
        : typeof(T) == typeof(short) ? new ElementKernels<short, short, IntegerElement<short>>()
        : typeof(T) == typeof(int) ? new ElementKernels<int, int, IntegerElement<int>>()
        : typeof(T) == typeof(long) ? new ElementKernels<long, long, IntegerElement<long>>()
        : null);

    /// <summary>Window max pooling, recording the maxima's positions in <typeparamref name="TIndex"/>'s format.</summary>
    internal abstract void Max<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>The max of each channels-first plane, a team of threads per plane, with its position in <typeparamref name="TIndex"/>'s format.</summary>
    internal abstract void PlaneMax<TIndex>(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat;
}

/// <summary>The kernels of a floating element type beyond max pooling forward: averages, power averages, and every backward.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IFloatingKernels<T>
    where T : unmanaged
{
    /// <summary>Window average pooling; a divisor override of 0 means none.</summary>
    void Average<TGeometry>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Power-average (LP) pooling.</summary>
    void PowerAverage(
        IExecution run, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream);

    /// <summary>The mean of each channels-first plane, a team of threads per plane.</summary>
    void PlaneMean(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream);

    /// <summary>Max pooling backward from the maxima's positions in <typeparamref name="TIndex"/>'s format.</summary>
    void MaxBackward<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Average pooling backward.</summary>
    void AverageBackward<TGeometry>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry;

    /// <summary>Power-average pooling backward, from the forward call's input and output.</summary>
    void PowerAverageBackward(
        IExecution run, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream);

    /// <summary>Fractional max pooling: <see cref="ElementKernels{T}.Max"/> over the windows of <paramref name="spec"/> from <paramref name="samples"/> (empty: drawn from the seed), in this type's arithmetic.</summary>
    void FractionalMax<TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, FractionalSpec spec, ArrayView<T> samples, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Fractional max pooling backward over the windows of <paramref name="spec"/> from <paramref name="samples"/> (empty: drawn from the seed).</summary>
    void FractionalMaxBackward<TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, FractionalSpec spec, ArrayView<T> samples, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat;

    /// <summary>Compact indices of windows drawn from <paramref name="spec"/>'s seed to PyTorch's form, in <paramref name="torch"/>.</summary>
    void FractionalToTorchIndices(
        IExecution run, WindowIndices compact, FractionalSpec spec, TensorLayout layout, ArrayView<long> torch, AcceleratorStream? stream);
}

/// <summary>The max pooling launches of one element type, with every type argument static.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TAcc">The type compared in.</typeparam>
/// <typeparam name="TElement">How the kernels read, compare and write <typeparamref name="T"/>.</typeparam>
internal class ElementKernels<T, TAcc, TElement> : ElementKernels<T>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IMaxElement<T, TAcc>
{
    internal override void Max<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream) =>
        run.WindowPool<T, TAcc, TElement, TGeometry, MaxReduction<T, TAcc, TElement, TIndex>>(input, PoolShape.Of(input.Shape, output), geometry, new(values, indices), stream);

    internal override void PlaneMax<TIndex>(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, TIndex indices, AcceleratorStream? stream) =>
        run.PlaneReduction<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, TIndex>>(input, new(values, indices, TensorDims.Of(input.Shape)), stream);
}

/// <summary>The launches of one floating element type: max pooling's, and the averaging and backward ones.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TElement">How the kernels read, compute and write <typeparamref name="T"/>.</typeparam>
internal sealed class FloatingKernels<T, TAcc, TElement> : ElementKernels<T, TAcc, TElement>, IFloatingKernels<T>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    public void Average<TGeometry>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, int divisorOverride, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry =>
        Pool(run, input, output, geometry, new AverageReduction<T, TAcc, TElement>(values, divisorOverride), stream);

    public void PowerAverage(
        IExecution run, DeviceTensor<T> input, TensorShape output, StridedWindows geometry, ArrayView<T> values, LpNorm norm, AcceleratorStream? stream) =>
        Pool(run, input, output, geometry, new PowerAverageReduction<T, TAcc, TElement>(values, norm), stream);

    public void PlaneMean(KernelExecution run, DeviceTensor<T> input, ArrayView<T> values, AcceleratorStream? stream) =>
        run.PlaneReduction<T, TAcc, PlaneMean<T, TAcc, TElement>>(input, new(values, input.Shape.PlaneLength), stream);

    public void MaxBackward<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TIndex : struct, IMaxIndexFormat =>
        Backward(run, gradInput, gradOutput.Shape, geometry, new MaxGradient<T, TAcc, TElement, TIndex>(gradOutput.View, indices), stream);

    public void AverageBackward<TGeometry>(
        IExecution run, DeviceTensor<T> gradOutput, TGeometry geometry, int divisorOverride, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry =>
        Backward(run, gradInput, gradOutput.Shape, geometry, new AverageGradient<T, TAcc, TElement>(gradOutput.View, divisorOverride), stream);

    public void PowerAverageBackward(
        IExecution run, DeviceTensor<T> gradOutput, DeviceTensor<T> output, DeviceTensor<T> input, StridedWindows geometry, LpNorm norm, DeviceTensor<T> gradInput, AcceleratorStream? stream) =>
        Backward(run, gradInput, gradOutput.Shape, geometry, new PowerAverageGradient<T, TAcc, TElement>(gradOutput.View, output.View, input.View, norm), stream);

    public void FractionalMax<TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, FractionalSpec spec, ArrayView<T> samples, ArrayView<T> values, TIndex indices, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat =>
        Max(run, input, output, new FractionalWindows<T, TAcc, TElement>(spec, samples), values, indices, stream);

    public void FractionalMaxBackward<TIndex>(
        IExecution run, DeviceTensor<T> gradOutput, FractionalSpec spec, ArrayView<T> samples, TIndex indices, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where TIndex : struct, IMaxIndexFormat =>
        MaxBackward(run, gradOutput, new FractionalWindows<T, TAcc, TElement>(spec, samples), indices, gradInput, stream);

    // The windows read no sample: an empty view of the index buffer stands for "drawn from the seed".
    public void FractionalToTorchIndices(
        IExecution run, WindowIndices compact, FractionalSpec spec, TensorLayout layout, ArrayView<long> torch, AcceleratorStream? stream) =>
        run.IndexConversion(
            compact, spec.Shape, layout, new FractionalWindows<T, TAcc, TElement>(spec, torch.SubView(0, 0).Cast<T>()), new TorchIndices(torch, spec.Shape.Input), stream);

    internal override void Max<TGeometry, TIndex>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, ArrayView<T> values, TIndex indices, AcceleratorStream? stream) =>
        Pool(run, input, output, geometry, new MaxReduction<T, TAcc, TElement, TIndex>(values, indices), stream);

    /// <summary>Window pooling into the outputs of <paramref name="reduction"/>.</summary>
    private static void Pool<TGeometry, TReduction>(
        IExecution run, DeviceTensor<T> input, TensorShape output, TGeometry geometry, TReduction reduction, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc> =>
        Run(run, new VectorForms<T, TAcc, TElement>.Pool<TGeometry, TReduction>(input, PoolShape.Of(input.Shape, output), geometry, reduction), stream);

    /// <summary>Window pooling backward into <paramref name="gradInput"/>.</summary>
    private static void Backward<TGeometry, TGradient>(
        IExecution run, DeviceTensor<T> gradInput, TensorShape output, TGeometry geometry, TGradient gradient, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc> =>
        Run(run, new VectorForms<T, TAcc, TElement>.Backward<TGeometry, TGradient>(gradInput, PoolShape.Of(gradInput.Shape, output), geometry, gradient), stream);

    /// <summary>Runs <paramref name="op"/> in a vector form of the host's where one fits, else by its element kernel.</summary>
    private static void Run<TOp>(IExecution run, TOp op, AcceleratorStream? stream)
        where TOp : struct, IVectorForm
    {
        if (run is not HostExecution host || !host.TryVectorForm(op, stream))
        {
            op.Launch(run, stream);
        }
    }
}
