namespace Pooling.Gpu.Tests;

/// <summary>
/// Integer tensors where PyTorch takes floating point ones only: every op but max pooling forward
/// and layout conversion, called with int8 and int64 tensors, is refused with PyTorch 1.13's
/// message (IntegerRefusalTests compares them with PyTorch's own), and int64 averages with the
/// library's, since PyTorch's CPU backend does average int64 tensors.
/// </summary>
public static class IntegerEntries
{
    private const string Gradients = "only Tensors of floating point dtype can require gradients, not ";

    private const string Mean = "mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ";

    public static IEnumerable<BadCall> Derive(CallTemplate template)
    {
        var tensors = template.Parameters.Where(p => p.ParameterType == typeof(DeviceTensor<float>)).ToList();
        if (!template.Method.IsGenericMethod || tensors.Count == 0 || AcceptsIntegers(template.Method.Name))
        {
            yield break;
        }

        yield return Entry<sbyte>(template, tensors, "Char");
        yield return Entry<long>(template, tensors, "Long");
    }

    /// <summary>Max pooling forward (every form), layout conversion and contiguous copies take integer tensors.</summary>
    public static bool AcceptsIntegers(string method) =>
        method is nameof(PoolingEngine.ToLayout) or nameof(PoolingEngine.ConvertLayout) or nameof(PoolingEngine.Contiguous)
        || (method.Contains("MaxPool", StringComparison.Ordinal) && !method.EndsWith("Backward", StringComparison.Ordinal));

    private static BadCall Entry<T>(CallTemplate template, List<System.Reflection.ParameterInfo> tensors, string torchName)
        where T : unmanaged =>
        new($"{template.Label}: elements of type {typeof(T).Name}", template.TargetType, template.Method, f =>
        {
            var arguments = template.Arguments(f);
            foreach (var p in tensors)
            {
                arguments[p.Position] = f.TensorOf<T>(arguments[p.Position]!);
            }

            return CallTemplate.Invoke(template.WithElement(typeof(T)), template.Target(f), arguments);
        }, typeof(ArgumentException), template.Method.Name.EndsWith("Backward", StringComparison.Ordinal) ? "gradInput|gradOutput" : "input", Message(template.Method.Name, template.SpatialRank, torchName));

    /// <summary>The refusal of <paramref name="method"/> at <paramref name="rank"/> for elements PyTorch calls <paramref name="type"/>.</summary>
    private static string Message(string method, int rank, string type) => (method, rank) switch
    {
        _ when method.EndsWith("Backward", StringComparison.Ordinal) => Gradients + $"'{type}'",
        (nameof(PoolingEngine.AvgPool), _) or (nameof(PoolingEngine.LPPool), 1 or 2) when type == "Long" =>
            "Pooling.Gpu averages floating point tensors only, not 'Long'",
        (nameof(PoolingEngine.AvgPool), 3) => NotImplemented("avg_pool3d_out_frame", type),
        (nameof(PoolingEngine.AvgPool) or nameof(PoolingEngine.LPPool), 1 or 2) => NotImplemented("avg_pool2d", type),
        (nameof(PoolingEngine.AdaptiveAvgPool1d) or nameof(PoolingEngine.AdaptiveAvgPool2d), _) => NotImplemented("adaptive_avg_pool2d", type),
        (nameof(PoolingEngine.AdaptiveAvgPool3d), _) => NotImplemented("adaptive_avg_pool3d_cpu", type),
        (nameof(PoolingEngine.GlobalAvgPool2d), _) => Mean + type,
        (nameof(PoolingEngine.MaxUnpool), 2) => NotImplemented("max_unpool2d", type),
        _ => $"'{type}'",
    };

    private static string NotImplemented(string kernel, string type) => $"\"{kernel}\" not implemented for '{type}'";
}
