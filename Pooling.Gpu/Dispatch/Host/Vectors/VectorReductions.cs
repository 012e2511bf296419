namespace Pooling.Gpu;

/// <summary>What a vector form runs for each reduction it knows: max pooling with each index format, and average pooling.</summary>
internal interface IReductionForms<T, TAcc, TElement>
    where T : unmanaged
    where TAcc : unmanaged
    where TElement : struct, IElement<T, TAcc>
{
    void Max<TIndex>(MaxReduction<T, TAcc, TElement, TIndex> reduction)
        where TIndex : struct, IMaxIndexFormat;

    void Average(AverageReduction<T, TAcc, TElement> reduction);
}

/// <summary>
/// The window reductions the vector forms know (max pooling with any index format, average
/// pooling; not power-average pooling), by type tests that the JIT folds.
/// </summary>
internal static class VectorReductions
{
    /// <summary>Whether <typeparamref name="TReduction"/> is one the vector forms know.</summary>
    internal static bool Known<T, TAcc, TElement, TReduction>()
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc> =>
        typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, NoIndices>)
        || typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>)
        || typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>)
        || typeof(TReduction) == typeof(AverageReduction<T, TAcc, TElement>);

    /// <summary>Runs the form of <paramref name="reduction"/>'s type; false, and nothing run, for a reduction the forms do not know.</summary>
    internal static bool Run<T, TAcc, TElement, TReduction, TForms>(TReduction reduction, TForms forms)
        where T : unmanaged
        where TAcc : unmanaged
        where TElement : struct, IElement<T, TAcc>
        where TReduction : struct
        where TForms : struct, IReductionForms<T, TAcc, TElement>
    {
        if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, NoIndices>))
        {
            forms.Max(HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, NoIndices>>(reduction));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, TorchIndices>))
        {
            forms.Max(HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, TorchIndices>>(reduction));
        }
        else if (typeof(TReduction) == typeof(MaxReduction<T, TAcc, TElement, WindowIndices>))
        {
            forms.Max(HostMemory.As<TReduction, MaxReduction<T, TAcc, TElement, WindowIndices>>(reduction));
        }
        else if (typeof(TReduction) == typeof(AverageReduction<T, TAcc, TElement>))
        {
            forms.Average(HostMemory.As<TReduction, AverageReduction<T, TAcc, TElement>>(reduction));
        }
        else
        {
            return false;
        }

        return true;
    }
}
