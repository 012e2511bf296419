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
    /// <summary>The specialisations, each with its name (e.g. <c>WindowPool&lt;Single, Single, FloatElement&lt;Single, SingleCodec&gt;, ChannelsFirst, StridedWindows, AverageReduction&lt;...&gt;&gt;</c>).</summary>
    internal static IReadOnlyList<(string Name, MethodInfo Method)> Entries { get; } =
        [.. Kernels().Select(kernel => (NameOf(kernel.Method), kernel.Method))];

    /// <summary>
    /// Whether a kernel uses warp shuffles, which ILGPU compiles for CUDA, the CPU accelerator and
    /// Intel's OpenCL devices only: the global pooling kernel, which the engine runs only there
    /// (<see cref="Dispatcher.Shuffles"/>).
    /// </summary>
    internal static bool Shuffles(MethodInfo kernel) =>
        KernelType(kernel) is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(GlobalPool<,,>);

    /// <summary>
    /// What a kernel asks of an OpenCL device (<see cref="DeviceCapabilities"/>): the element type
    /// it pools, its first type argument (for the index kernels, which pool no values, the type of
    /// a fractional geometry's arithmetic, or null), and whether it computes in double, as lp_pool's
    /// do (a power-average reduction or gradient among its type arguments).
    /// </summary>
    internal static (Type? Element, bool ComputesInDouble) Needs(MethodInfo kernel)
    {
        var type = KernelType(kernel);
        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        return (arguments.Select(ElementOf).FirstOrDefault(element => element is not null), arguments.Any(PowerAverage));
    }

    /// <summary>The name of a kernel method: its kernel type with the type arguments it was specialised by.</summary>
    internal static string NameOf(MethodInfo kernel) => TypeName(KernelType(kernel));

    /// <summary>
    /// The type a kernel is known by: the struct of an element kernel (whose method is
    /// <see cref="ElementGrid{TLayout}"/>'s loop, generic in it), else the class that declares the method.
    /// </summary>
    private static Type KernelType(MethodInfo kernel) => kernel.IsGenericMethod ? kernel.GetGenericArguments()[0] : kernel.DeclaringType!;

    /// <summary>
    /// The element type a kernel's first type argument pools; for the index kernels, the element
    /// type whose arithmetic a fractional geometry among their arguments computes in; else null.
    /// </summary>
    private static Type? ElementOf(Type argument, int position) =>
        position == 0 && (argument.IsPrimitive || argument == typeof(ILGPU.Half) || argument == typeof(BFloat16)) ? argument
        : argument.IsGenericType && argument.GetGenericTypeDefinition() == typeof(FractionalWindows<,,>) ? argument.GetGenericArguments()[0]
        : null;

    /// <summary>Whether <paramref name="type"/> is or holds, as a type argument, a power-average reduction or gradient.</summary>
    private static bool PowerAverage(Type type) =>
        type.IsGenericType
        && (type.GetGenericTypeDefinition() == typeof(PowerAverageReduction<,,>)
            || type.GetGenericTypeDefinition() == typeof(PowerAverageGradient<,,>)
            || type.GetGenericArguments().Any(PowerAverage));

    private static IEnumerable<Delegate> Kernels() =>
    [
        .. Floating<float, float, FloatElement<float, SingleCodec>>.All,
        .. Floating<double, double, DoubleElement>.All,
        .. Floating<ILGPU.Half, float, FloatElement<ILGPU.Half, HalfCodec>>.All,
        .. Floating<BFloat16, float, FloatElement<BFloat16, BFloat16Codec>>.All,
        .. Maxima<sbyte, sbyte, IntegerElement<sbyte>>.All,
        .. Maxima<byte, byte, IntegerElement<byte>>.All,
        .. Maxima<short, short, IntegerElement<short>>.All,
        .. Maxima<int, int, IntegerElement<int>>.All,
        .. Maxima<long, long, IntegerElement<long>>.All,
        .. IndexConversions<ChannelsFirst>(),
        .. IndexConversions<ChannelsLast>(),
        MaxUnpoolIndexCheck.Kernel,
    ];

    private static IEnumerable<Delegate> IndexConversions<TLayout>()
        where TLayout : struct, ILayout =>
    [
        IndexConversion<TLayout, StridedWindows>.Kernel,
        IndexConversion<TLayout, AdaptiveWindows>.Kernel,
        IndexConversion<TLayout, FractionalWindows<float, float, FloatElement<float, SingleCodec>>>.Kernel,
        IndexConversion<TLayout, FractionalWindows<double, double, DoubleElement>>.Kernel,
    ];

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;

    /// <summary>
    /// The kernels of an element type that only max-pools, forward (an integer type; see
    /// <see cref="ElementKernels{T}"/>): max pooling with each index format, and the copy of
    /// layout conversions and strided views. A floating type has them too.
    /// </summary>
    private static class Maxima<T, TAcc, TElement>
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IMaxElement<T, TAcc>
    {
        internal static IEnumerable<Delegate> All =>
        [
            .. Windows<ChannelsFirst, StridedWindows>(),
            .. Windows<ChannelsFirst, AdaptiveWindows>(),
            .. Windows<ChannelsLast, StridedWindows>(),
            .. Windows<ChannelsLast, AdaptiveWindows>(),
            GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, NoIndices>>.Kernel,
            GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, TorchIndices>>.Kernel,
            GlobalPool<T, ValueAndOffset<TAcc>, PlaneArgMax<T, TAcc, TElement, WindowIndices>>.Kernel,
            StridedCopy<T, ChannelsFirst>.Kernel,
            StridedCopy<T, ChannelsLast>.Kernel,
        ];

        /// <summary>Max pooling forward with each index format over one layout and geometry.</summary>
        internal static IEnumerable<Delegate> Windows<TLayout, TGeometry>()
            where TLayout : struct, ILayout
            where TGeometry : struct, IWindowGeometry =>
        [
            WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, NoIndices>>.Kernel,
            WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, TorchIndices>>.Kernel,
            WindowPool<T, TAcc, TElement, TLayout, TGeometry, MaxReduction<T, TAcc, TElement, WindowIndices>>.Kernel,
        ];
    }

    /// <summary>
    /// The kernels of a floating element type (see <see cref="ElementKernels{T, TAcc, TElement}"/>):
    /// max pooling's (<see cref="Maxima{T, TAcc, TElement}"/>), fractional max pooling's, averages,
    /// power averages, every backward, the global mean, and max unpooling.
    /// </summary>
    private static class Floating<T, TAcc, TElement>
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
    {
        internal static IEnumerable<Delegate> All =>
        [
            .. Maxima<T, TAcc, TElement>.All,
            .. Averages<ChannelsFirst, StridedWindows>(),
            .. Averages<ChannelsFirst, AdaptiveWindows>(),
            .. Averages<ChannelsLast, StridedWindows>(),
            .. Averages<ChannelsLast, AdaptiveWindows>(),
            .. Fractional<ChannelsFirst>(),
            .. Fractional<ChannelsLast>(),
            GlobalPool<T, TAcc, PlaneMean<T, TAcc, TElement>>.Kernel,
            .. PowerAverage<ChannelsFirst>(),
            .. PowerAverage<ChannelsLast>(),
            MaxUnpoolScatter<T, ChannelsFirst>.Kernel,
            MaxUnpoolScatter<T, ChannelsLast>.Kernel,
            MaxUnpoolGather<T, ChannelsFirst>.Kernel,
            MaxUnpoolGather<T, ChannelsLast>.Kernel,
        ];

        /// <summary>Average pooling forward and backward, and max pooling backward, over one layout and geometry.</summary>
        private static IEnumerable<Delegate> Averages<TLayout, TGeometry>()
            where TLayout : struct, ILayout
            where TGeometry : struct, IWindowGeometry =>
        [
            WindowPool<T, TAcc, TElement, TLayout, TGeometry, AverageReduction<T, TAcc, TElement>>.Kernel,
            WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, AverageGradient<T, TAcc, TElement>>.Kernel,
            .. MaxBackward<TLayout, TGeometry>(),
        ];

        /// <summary>Fractional max pooling forward with each index format, and its backward, over one layout (it has max only).</summary>
        private static IEnumerable<Delegate> Fractional<TLayout>()
            where TLayout : struct, ILayout =>
        [
            .. Maxima<T, TAcc, TElement>.Windows<TLayout, FractionalWindows<T, TAcc, TElement>>(),
            .. MaxBackward<TLayout, FractionalWindows<T, TAcc, TElement>>(),
        ];

        /// <summary>Max pooling backward from each index format over one layout and geometry.</summary>
        private static IEnumerable<Delegate> MaxBackward<TLayout, TGeometry>()
            where TLayout : struct, ILayout
            where TGeometry : struct, IWindowGeometry =>
        [
            WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, MaxGradient<T, TAcc, TElement, TorchIndices>>.Kernel,
            WindowPoolBackward<T, TAcc, TElement, TLayout, TGeometry, MaxGradient<T, TAcc, TElement, WindowIndices>>.Kernel,
        ];

        /// <summary>Power-average (LP) pooling forward and backward over one layout; it has strided windows only.</summary>
        private static IEnumerable<Delegate> PowerAverage<TLayout>()
            where TLayout : struct, ILayout =>
        [
            WindowPool<T, TAcc, TElement, TLayout, StridedWindows, PowerAverageReduction<T, TAcc, TElement>>.Kernel,
            WindowPoolBackward<T, TAcc, TElement, TLayout, StridedWindows, PowerAverageGradient<T, TAcc, TElement>>.Kernel,
        ];
    }
}
