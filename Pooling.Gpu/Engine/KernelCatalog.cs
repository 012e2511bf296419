using System.Reflection;

namespace Pooling.Gpu;

/// <summary>
/// Every kernel specialisation the engine's dispatch can load, with a readable name. The bench's
/// <c>ptx</c> command compiles each of them for CUDA (so CI notices a kernel that stops compiling
/// for the GPU), and a test checks that every kernel the engine loads is listed here (so a new
/// specialisation cannot go unlisted). A new kernel or a new struct argument is a new line.
/// </summary>
internal static class KernelCatalog
{
    /// <summary>The specialisations, each with its name (e.g. <c>WindowPool2d&lt;StridedWindows, AverageReduction&gt;</c>).</summary>
    internal static IReadOnlyList<(string Name, MethodInfo Method)> Entries { get; } =
        [.. Kernels().Select(kernel => (NameOf(kernel.Method), kernel.Method))];

    /// <summary>The name of a kernel method: its declaring class with the type arguments it was specialised by.</summary>
    internal static string NameOf(MethodInfo kernel) => TypeName(kernel.DeclaringType!);

    private static IEnumerable<Delegate> Kernels() =>
    [
        .. WindowForward<StridedWindows>(),
        .. WindowForward<AdaptiveWindows>(),
        .. WindowBackward<StridedWindows>(),
        .. WindowBackward<AdaptiveWindows>(),
        GlobalPool2d<float, PlaneMean>.Kernel,
        GlobalPool2d<ValueAndOffset, PlaneArgMax<NoIndices>>.Kernel,
        GlobalPool2d<ValueAndOffset, PlaneArgMax<TorchIndices>>.Kernel,
        GlobalPool2d<ValueAndOffset, PlaneArgMax<WindowIndices<ByteCells>>>.Kernel,
        GlobalPool2d<ValueAndOffset, PlaneArgMax<WindowIndices<Int32Cells>>>.Kernel,
        IndexConversion<StridedWindows, ByteCells>.Kernel,
        IndexConversion<StridedWindows, Int32Cells>.Kernel,
        IndexConversion<AdaptiveWindows, ByteCells>.Kernel,
        IndexConversion<AdaptiveWindows, Int32Cells>.Kernel,
    ];

    /// <summary>Max (with each index format) and average pooling over one geometry (see MaxIndexDispatch.LaunchMax).</summary>
    private static IEnumerable<Delegate> WindowForward<TGeometry>()
        where TGeometry : struct, IWindowGeometry =>
    [
        WindowPool2d<TGeometry, MaxReduction<NoIndices>>.Kernel,
        WindowPool2d<TGeometry, MaxReduction<TorchIndices>>.Kernel,
        WindowPool2d<TGeometry, MaxReduction<WindowIndices<ByteCells>>>.Kernel,
        WindowPool2d<TGeometry, MaxReduction<WindowIndices<Int32Cells>>>.Kernel,
        WindowPool2d<TGeometry, AverageReduction>.Kernel,
    ];

    /// <summary>Max pooling's gradient with each index format over one geometry (see MaxIndexDispatch.LaunchMaxBackward).</summary>
    private static IEnumerable<Delegate> WindowBackward<TGeometry>()
        where TGeometry : struct, IWindowGeometry =>
    [
        WindowPool2dBackward<TGeometry, MaxGradient<TorchIndices>>.Kernel,
        WindowPool2dBackward<TGeometry, MaxGradient<WindowIndices<ByteCells>>>.Kernel,
        WindowPool2dBackward<TGeometry, MaxGradient<WindowIndices<Int32Cells>>>.Kernel,
    ];

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
}
