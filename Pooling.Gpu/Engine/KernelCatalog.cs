using System.Reflection;

namespace Pooling.Gpu;

/// <summary>
/// Every kernel specialisation the engine's dispatch can load, with a readable name. The bench's
/// <c>ptx</c> and <c>opencl</c> commands compile each of them for CUDA and OpenCL (so CI notices a
/// kernel that stops compiling for either), and a test checks that every kernel the engine loads is listed here (so a new
/// specialisation cannot go unlisted). A new kernel or a new struct argument is a new line.
/// </summary>
internal static class KernelCatalog
{
    /// <summary>The specialisations, each with its name (e.g. <c>WindowPool&lt;Single, Single, FloatElement&lt;Single, SingleCodec&gt;, ChannelsFirst, StridedWindows, AverageReduction&lt;...&gt;, SingleRow&gt;</c>).</summary>
    internal static IReadOnlyList<(string Name, MethodInfo Method)> Entries { get; } =
        [.. Kernels().Select(kernel => (NameOf(kernel.Method), kernel.Method))];

    /// <summary>
    /// Whether a kernel uses warp shuffles, which ILGPU compiles for CUDA, the CPU accelerator and
    /// Intel's OpenCL devices only: the global pooling kernel, which the engine runs only there
    /// (<see cref="PoolingEngine.Shuffles"/>).
    /// </summary>
    internal static bool Shuffles(MethodInfo kernel) =>
        kernel.DeclaringType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(GlobalPool<,,>);

    /// <summary>
    /// What a kernel asks of an OpenCL device (<see cref="DeviceCapabilities"/>): the element type
    /// it pools, its first type argument (a quad's element for quads; null for the index kernels,
    /// which pool no values), and whether it computes in double, as lp_pool's do (a power-average
    /// reduction or gradient among its type arguments).
    /// </summary>
    internal static (Type? Element, bool ComputesInDouble) Needs(MethodInfo kernel)
    {
        var arguments = kernel.DeclaringType!.IsGenericType ? kernel.DeclaringType.GetGenericArguments() : [];
        var first = arguments.FirstOrDefault();
        var element = first is { IsGenericType: true } && first.GetGenericTypeDefinition() == typeof(Quad<>) ? first.GetGenericArguments()[0] : first;
        return (element is { IsPrimitive: true } || element == typeof(ILGPU.Half) || element == typeof(BFloat16) ? element : null, arguments.Any(PowerAverage));
    }

    /// <summary>The name of a kernel method: its declaring class with the type arguments it was specialised by.</summary>
    internal static string NameOf(MethodInfo kernel) => TypeName(kernel.DeclaringType!);

    /// <summary>Whether <paramref name="type"/> is or holds, as a type argument, a power-average reduction or gradient.</summary>
    private static bool PowerAverage(Type type) =>
        type.IsGenericType
        && (type.GetGenericTypeDefinition() == typeof(PowerAverageReduction<,,>)
            || type.GetGenericTypeDefinition() == typeof(PowerAverageGradient<,,>)
            || type.GetGenericArguments().Any(PowerAverage));

    private static IEnumerable<Delegate> Kernels() =>
    [
        .. OfElement<float, float, FloatElement<float, SingleCodec>>(),
        .. OfElement<double, double, DoubleElement>(),
        .. OfElement<ILGPU.Half, float, FloatElement<ILGPU.Half, HalfCodec>>(),
        .. OfElement<BFloat16, float, FloatElement<BFloat16, BFloat16Codec>>(),
        .. IndexConversions<ChannelsFirst>(),
        .. IndexConversions<ChannelsLast>(),
        MaxUnpoolIndexCheck.Kernel,
    ];

    /// <summary>Every kernel of one element type (see <see cref="ElementOps{T, TAcc, TElement}"/>).</summary>
    private static IEnumerable<Delegate> OfElement<T, TAcc, TElement>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc> =>
    [
        .. Windows<T, TAcc, TElement, ChannelsFirst, StridedWindows>(),
        .. Windows<T, TAcc, TElement, ChannelsFirst, AdaptiveWindows>(),
        .. Windows<T, TAcc, TElement, ChannelsLast, StridedWindows>(),
        .. Windows<T, TAcc, TElement, ChannelsLast, AdaptiveWindows>(),
        .. ChannelQuads<T, TAcc, TElement, StridedWindows>(),
        .. ChannelQuads<T, TAcc, TElement, AdaptiveWindows>(),
        .. ColumnQuadForward<T, TAcc, TElement, StridedWindows, TiledPairs>(),
        .. ColumnQuadForward<T, TAcc, TElement, StridedWindows, OverlappingPairs>(),
        .. ColumnQuadForward<T, TAcc, TElement, AdaptiveWindows, TiledPairs>(),
        .. ColumnQuadBackward<T, TAcc, TElement, StridedWindows, TiledPairs>(),
        .. ColumnQuadBackward<T, TAcc, TElement, StridedWindows, OverlappingPairs>(),
        .. ColumnQuadBackward<T, TAcc, TElement, AdaptiveWindows, TiledPairs>(),
        .. PowerAverageQuads<T, TAcc, TElement>(),
        GlobalPool<T, TAcc, PlaneMean<T, TAcc, TElement>>.Kernel,
        GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, NoIndices>>.Kernel,
        GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, TorchIndices>>.Kernel,
        GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, WindowIndices<ByteCells>>>.Kernel,
        GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, WindowIndices<Int32Cells>>>.Kernel,
        LayoutConversion<T, ChannelsFirst, ChannelsLast>.Kernel,
        LayoutConversion<T, ChannelsLast, ChannelsFirst>.Kernel,
        .. PowerAverage<T, TAcc, TElement, ChannelsFirst>(),
        .. PowerAverage<T, TAcc, TElement, ChannelsLast>(),
        MaxUnpoolScatter<T, ChannelsFirst>.Kernel,
        MaxUnpoolScatter<T, ChannelsLast>.Kernel,
        MaxUnpoolGather<T, ChannelsFirst>.Kernel,
        MaxUnpoolGather<T, ChannelsLast>.Kernel,
    ];

    /// <summary>Forward (max with each index format, average, with one and two outputs per thread) and backward over one layout and geometry.</summary>
    private static IEnumerable<Delegate> Windows<T, TAcc, TElement, TLayout, TGeometry>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry =>
    [
        .. Forward<T, TAcc, TElement, TLayout, TGeometry, SingleRow>(),
        .. Forward<T, TAcc, TElement, TLayout, TGeometry, RowPair>(),
        WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, MaxGradient<T, TAcc, TElement, TorchIndices>, OutputLoads<TAcc>>.Kernel,
        WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, MaxGradient<T, TAcc, TElement, WindowIndices<ByteCells>>, OutputLoads<TAcc>>.Kernel,
        WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, MaxGradient<T, TAcc, TElement, WindowIndices<Int32Cells>>, OutputLoads<TAcc>>.Kernel,
        WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, AverageGradient<T, TAcc, TElement>, OutputLoads<TAcc>>.Kernel,
    ];

    /// <summary>Max with each index format, and average, over one layout and geometry with <typeparamref name="TRows"/> outputs per thread.</summary>
    private static IEnumerable<Delegate> Forward<T, TAcc, TElement, TLayout, TGeometry, TRows>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout
        where TGeometry : struct, IWindowGeometry
        where TRows : struct, IOutputRows =>
    [
        WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, NoIndices>, TRows>.Kernel,
        WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, TorchIndices>, TRows>.Kernel,
        WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, WindowIndices<ByteCells>>, TRows>.Kernel,
        WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, WindowIndices<Int32Cells>>, TRows>.Kernel,
        WindowPool<T, TAcc, TElement, TLayout, TGeometry, AverageReduction<T, TAcc, TElement>, TRows>.Kernel,
    ];

    /// <summary>Forward (max with each index format, average) and backward over channels-last channel quads (four channels per thread) and one geometry.</summary>
    private static IEnumerable<Delegate> ChannelQuads<T, TAcc, TElement, TGeometry>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry =>
    [
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadReduction<TAcc, MaxReduction<T, TAcc, TElement, NoIndices>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadReduction<TAcc, MaxReduction<T, TAcc, TElement, TorchIndices>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadReduction<TAcc, MaxReduction<T, TAcc, TElement, WindowIndices<ByteCells>>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadReduction<TAcc, MaxReduction<T, TAcc, TElement, WindowIndices<Int32Cells>>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadReduction<TAcc, AverageReduction<T, TAcc, TElement>>, SingleRow>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadGradient<TAcc, OutputLoads<TAcc>, MaxGradient<T, TAcc, TElement, TorchIndices>>, Quad<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadGradient<TAcc, OutputLoads<TAcc>, MaxGradient<T, TAcc, TElement, WindowIndices<ByteCells>>>, Quad<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadGradient<TAcc, OutputLoads<TAcc>, MaxGradient<T, TAcc, TElement, WindowIndices<Int32Cells>>>, Quad<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, TGeometry, ChannelQuadGradient<TAcc, OutputLoads<TAcc>, AverageGradient<T, TAcc, TElement>>, Quad<OutputLoads<TAcc>>>.Kernel,
    ];

    /// <summary>Forward (max with each index format, average) over channels-first column quads of <typeparamref name="TPairs"/> (two outputs per thread) and one geometry.</summary>
    private static IEnumerable<Delegate> ColumnQuadForward<T, TAcc, TElement, TGeometry, TPairs>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TPairs : struct, IColumnPairs =>
    [
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadReduction<TAcc, TGeometry, TPairs, MaxReduction<T, TAcc, TElement, NoIndices>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadReduction<TAcc, TGeometry, TPairs, MaxReduction<T, TAcc, TElement, TorchIndices>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadReduction<TAcc, TGeometry, TPairs, MaxReduction<T, TAcc, TElement, WindowIndices<ByteCells>>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadReduction<TAcc, TGeometry, TPairs, MaxReduction<T, TAcc, TElement, WindowIndices<Int32Cells>>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadReduction<TAcc, TGeometry, TPairs, AverageReduction<T, TAcc, TElement>>, SingleRow>.Kernel,
    ];

    /// <summary>Backward (max with each index format, average) over channels-first column quads of <typeparamref name="TPairs"/> (four inputs per thread) and one geometry.</summary>
    private static IEnumerable<Delegate> ColumnQuadBackward<T, TAcc, TElement, TGeometry, TPairs>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TGeometry : struct, IWindowGeometry
        where TPairs : struct, IColumnPairs =>
    [
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, TGeometry, TPairs, MaxGradient<T, TAcc, TElement, TorchIndices>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, TGeometry, TPairs, MaxGradient<T, TAcc, TElement, WindowIndices<ByteCells>>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, TGeometry, TPairs, MaxGradient<T, TAcc, TElement, WindowIndices<Int32Cells>>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<TGeometry, TPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, TGeometry, TPairs, AverageGradient<T, TAcc, TElement>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
    ];

    /// <summary>Power-average (LP) pooling forward and backward over channel quads and column quads (strided windows only).</summary>
    private static IEnumerable<Delegate> PowerAverageQuads<T, TAcc, TElement>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc> =>
    [
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, StridedWindows, ChannelQuadReduction<TAcc, PowerAverageReduction<T, TAcc, TElement>>, SingleRow>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsLast, StridedWindows, ChannelQuadGradient<TAcc, OutputLoads<TAcc>, PowerAverageGradient<T, TAcc, TElement>>, Quad<OutputLoads<TAcc>>>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<StridedWindows, TiledPairs>, ColumnQuadReduction<TAcc, StridedWindows, TiledPairs, PowerAverageReduction<T, TAcc, TElement>>, SingleRow>.Kernel,
        WindowPool<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<StridedWindows, OverlappingPairs>, ColumnQuadReduction<TAcc, StridedWindows, OverlappingPairs, PowerAverageReduction<T, TAcc, TElement>>, SingleRow>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<StridedWindows, TiledPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, StridedWindows, TiledPairs, PowerAverageGradient<T, TAcc, TElement>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
        WindowPoolBackward<Quad<T>, Quad<TAcc>, QuadElement<T, TAcc, TElement>, ChannelsFirst, ColumnQuadWindows<StridedWindows, OverlappingPairs>, ColumnQuadGradient<TAcc, OutputLoads<TAcc>, StridedWindows, OverlappingPairs, PowerAverageGradient<T, TAcc, TElement>>, OutputPair<OutputLoads<TAcc>>>.Kernel,
    ];

    /// <summary>Power-average (LP) pooling forward and backward over one layout; it has strided windows only.</summary>
    private static IEnumerable<Delegate> PowerAverage<T, TAcc, TElement, TLayout>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TLayout : struct, ILayout =>
    [
        WindowPool<T, TAcc, TElement, TLayout, StridedWindows, PowerAverageReduction<T, TAcc, TElement>, SingleRow>.Kernel,
        WindowPool<T, TAcc, TElement, TLayout, StridedWindows, PowerAverageReduction<T, TAcc, TElement>, RowPair>.Kernel,
        WindowPoolBackward<T, TAcc, TElement, TLayout, StridedWindows, PowerAverageGradient<T, TAcc, TElement>, OutputLoads<TAcc>>.Kernel,
    ];

    private static IEnumerable<Delegate> IndexConversions<TLayout>()
        where TLayout : struct, ILayout =>
    [
        IndexConversion<TLayout, StridedWindows, ByteCells>.Kernel,
        IndexConversion<TLayout, StridedWindows, Int32Cells>.Kernel,
        IndexConversion<TLayout, AdaptiveWindows, ByteCells>.Kernel,
        IndexConversion<TLayout, AdaptiveWindows, Int32Cells>.Kernel,
    ];

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
}
