using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The bad values one parameter can take, by its type and name: null where the parameter is not
/// nullable; a disposed tensor or compact indices; a tensor, indices, view or stream of another
/// accelerator; a strided view where the call writes; an adaptive output size below 1; options that do not fit the input
/// (<see cref="OptionSubstitutes"/>); shapes that break the rules (<see cref="ShapeSubstitutes"/>).
/// </summary>
public static class ArgumentSubstitutes
{
    private const string Below1 = "elements of output_size must be greater than or equal to 1 but received ";

    /// <summary>
    /// An adaptive output size with an element below 1 in each of its forms, and how PyTorch's
    /// message prints it: a null element as the input's size there (the fixture's 2D input is 6x6, its 3D one 4x6x6).
    /// </summary>
    private static readonly (Type Type, object Value, string Printed)[] OutputSizesBelow1 =
    [
        (typeof(int), 0, "{0}"),
        (typeof(AdaptiveSize2), new AdaptiveSize2(0, 3), "{0, 3}"),
        (typeof(AdaptiveSize2), new AdaptiveSize2(null, -1), "{6, -1}"),
        (typeof(AdaptiveSize3), new AdaptiveSize3(2, 0, 3), "{2, 0, 3}"),
        (typeof(AdaptiveSize3), new AdaptiveSize3(0, null, null), "{0, 6, 6}"),
    ];

    public static IEnumerable<Substitute> For(CallTemplate template, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        string name = parameter.Name!;
        bool tensor = IsTensor(type);
        if (!type.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.NotNull)
        {
            yield return new("null", (_, _) => null, typeof(ArgumentNullException), name);
        }

        if (tensor || type == typeof(MaxPoolIndices))
        {
            yield return new("disposed", (f, a) => f.DisposedTwin(a), typeof(ObjectDisposedException), MessageOf: a => $"{name} ({Described(a)}) was disposed.");
        }

        if (tensor || type == typeof(MaxPoolIndices) || type == typeof(AcceleratorStream) || type == typeof(ArrayView<float>) || type == typeof(ArrayView1D<float, Stride1D.Dense>))
        {
            yield return new("on another accelerator", (f, a) => f.ForeignTwin(a), typeof(ArgumentException), name, type == typeof(AcceleratorStream) ? "belongs to" : "live");
        }

        if (tensor && Writes(template, name))
        {
            yield return new("a strided view", (f, a) => f.StridedTwin(a), typeof(ArgumentException), name, $"{name} is a strided view");
        }

        foreach (var (_, value, printed) in OutputSizesBelow1.Where(s => s.Type == type && name == "outputSize"))
        {
            yield return new($"{value}", (_, _) => value, typeof(ArgumentOutOfRangeException), name, Below1 + printed);
        }

        foreach (var bad in OptionSubstitutes.For(template.ArgumentType(parameter)).Concat(ShapeSubstitutes.For(template, parameter)))
        {
            yield return bad;
        }
    }

    /// <summary>A tensor or compact indices as a disposed one's message describes it: its type and shape.</summary>
    private static string Described(object argument) => argument is MaxPoolIndices indices
        ? $"MaxPoolIndices for {indices.InputShape} -> {indices.OutputShape}"
        : $"DeviceTensor<{argument.GetType().GetGenericArguments()[0].Name}> of shape {CatalogueShapes.Of(argument)}";

    /// <summary>Whether the call writes the tensor parameter <paramref name="name"/>: outputs, indices and gradInput, but a backward's saved output and indices, and unpooling's indices, are read.</summary>
    private static bool Writes(CallTemplate template, string name) =>
        name == "gradInput" || !ShapeSubstitutes.IsBackward(template) && (name is "output" or "torchIndices" || name == "indices" && !UnpoolIndexEntries.TakesUnpoolIndices(template));

    public static bool IsTensor(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DeviceTensor<>);
}
