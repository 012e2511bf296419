using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>One op in the host's vector forms, which give the kernel's bits (<see cref="HostExecution.TryVectorForm"/>), and by its element kernel.</summary>
internal interface IVectorForm
{
    /// <summary>Runs the op where a vector form fits; false, and nothing written, for any other case.</summary>
    bool TryRun();

    /// <summary>Runs the op by its element kernel: on every accelerator, and on the host where no vector form fits.</summary>
    void Launch(IExecution run, AcceleratorStream? stream);
}

/// <summary>The host's vector forms of window pooling over a floating element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
/// <typeparam name="TElement">How the kernels read, compute and write <typeparamref name="T"/>.</typeparam>
internal static class VectorForms<T, TAcc, TElement>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    /// <summary>
    /// Whether the vector forms know <typeparamref name="TGeometry"/>: they read one table of
    /// windows per call (<see cref="WindowTables"/>), so a geometry whose windows could differ from
    /// plane to plane would be wrong there; any other geometry takes the kernel's own body.
    /// </summary>
    private static bool Know<TGeometry>()
        where TGeometry : struct, IWindowGeometry =>
        typeof(TGeometry) == typeof(StridedWindows) || typeof(TGeometry) == typeof(AdaptiveWindows);

    /// <summary>
    /// A window pooling forward. Channels-last: eight channels at a time. Channels-first: global
    /// pooling by planes; rows of at least eight outputs along W eight columns at a time; shorter
    /// rows eight planes at a time; then whatever rows remain (a tensor of fewer than eight planes).
    /// </summary>
    internal readonly struct Pool<TGeometry, TReduction>(DeviceTensor<T> input, PoolShape shape, TGeometry geometry, TReduction reduction) : IVectorForm
        where TGeometry : struct, IWindowGeometry
        where TReduction : struct, IWindowReduction<TAcc>
    {
        public bool TryRun() =>
            shape.Output.Length > 0 && Know<TGeometry>() && (input.Shape.Layout == TensorLayout.ChannelsLast
                ? Channels<T, TAcc, TElement, TGeometry, TReduction, ChannelsLast>.TryRun(input.View, shape, geometry, reduction)
                : (typeof(TGeometry) == typeof(AdaptiveWindows) && shape.Output.D * shape.Output.H * shape.Output.W == 1
                        && PlanePooling.TryRun<T, TAcc, TElement, TReduction>(input.View, shape, reduction))
                    || (shape.Output.W >= RowPlan.Lanes && RowPooling.TryRun<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction))
                    || Channels<T, TAcc, TElement, TGeometry, TReduction, ChannelsFirst>.TryRun(input.View, shape, geometry, reduction)
                    || RowPooling.TryRun<T, TAcc, TElement, TGeometry, TReduction>(input.View, shape, geometry, reduction));

        public void Launch(IExecution run, AcceleratorStream? stream) =>
            run.WindowPool<T, TAcc, TElement, TGeometry, TReduction>(input, shape, geometry, reduction, stream);
    }

    /// <summary>A window pooling backward of a channels-first tensor, as a scatter (<see cref="ScatterBackward"/>).</summary>
    internal readonly struct Backward<TGeometry, TGradient>(DeviceTensor<T> gradInput, PoolShape shape, TGeometry geometry, TGradient gradient) : IVectorForm
        where TGeometry : struct, IWindowGeometry
        where TGradient : struct, IWindowGradient<TAcc>
    {
        public bool TryRun() =>
            shape.Input.Length > 0
            && Know<TGeometry>()
            && gradInput.Shape.Layout == TensorLayout.ChannelsFirst
            && ScatterBackward.TryRun<T, TAcc, TElement, TGeometry, TGradient>(gradInput.View, shape, geometry, gradient);

        public void Launch(IExecution run, AcceleratorStream? stream) =>
            run.WindowBackward<T, TAcc, TElement, TGeometry, TGradient>(gradInput, shape, geometry, gradient, stream);
    }
}
