namespace Pooling.Gpu;

/// <summary>
/// A shape's dims as PyTorch numbers them (N if batched, C, then the spatial dims) mapped onto
/// the five axes (n, c, d, h, w) that every tensor has here, and what strides mean over them.
/// </summary>
internal static class TensorAxes
{
    /// <summary>The axis (0 = n, 1 = c, 2 = d, 3 = h, 4 = w) of PyTorch dim <paramref name="dim"/>, which may count from the end as in PyTorch (-1 is the last).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The dim is outside the shape's rank.</exception>
    internal static int Of(TensorShape shape, int dim, string parameter)
    {
        if (dim < -shape.Rank || dim >= shape.Rank)
        {
            throw new ArgumentOutOfRangeException(parameter, dim, $"Dimension out of range (expected to be in range of [{-shape.Rank}, {shape.Rank - 1}], but got {dim}) for shape {shape}.");
        }

        int axis = (dim < 0 ? dim + shape.Rank : dim) + (shape.IsBatched ? 0 : 1);
        return axis < 2 ? axis : axis + 3 - shape.SpatialRank;
    }

    /// <summary>The five sizes, n to w.</summary>
    internal static long[] Sizes(TensorShape shape) => [shape.N, shape.C, shape.D, shape.H, shape.W];

    /// <summary>The five strides, n to w.</summary>
    internal static long[] Values(TensorStrides strides) => [strides.N, strides.C, strides.D, strides.H, strides.W];

    /// <summary>The strides of the dims of <paramref name="shape"/>, in PyTorch's order.</summary>
    internal static long[] Logical(TensorShape shape, TensorStrides strides)
    {
        var values = Values(strides);
        return [.. Enumerable.Range(0, shape.Rank).Select(dim => values[Of(shape, dim, nameof(dim))])];
    }

    /// <summary>Strides given in PyTorch's order; the axes a shape lacks (unbatched n, 1D's d and h) get 0, as their size is 1.</summary>
    internal static TensorStrides FromLogical(TensorShape shape, ReadOnlySpan<long> logical)
    {
        var values = new long[5];
        for (int dim = 0; dim < logical.Length; dim++)
        {
            values[Of(shape, dim, nameof(dim))] = logical[dim];
        }

        return new(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>How many elements the memory of a tensor must hold, from its first element to its last; 0 for an empty one. Null when that passes long.MaxValue.</summary>
    internal static long? Extent(TensorShape shape, TensorStrides strides)
    {
        if (shape.Length == 0)
        {
            return 0;
        }

        Int128 last = 0;
        var sizes = Sizes(shape);
        var values = Values(strides);
        for (int axis = 0; axis < 5; axis++)
        {
            last += (Int128)(sizes[axis] - 1) * values[axis];
        }

        return last < long.MaxValue ? (long)last + 1 : null;
    }

    /// <summary>Whether the strides are those of a contiguous tensor in the shape's layout, for every axis longer than 1 (the stride of an axis of size 1 never matters).</summary>
    internal static bool AreDense(TensorShape shape, TensorStrides strides)
    {
        var sizes = Sizes(shape);
        var given = Values(strides);
        var dense = Values(TensorStrides.Dense(shape));
        return shape.Length == 0 || Enumerable.Range(0, 5).All(axis => sizes[axis] <= 1 || given[axis] == dense[axis]);
    }
}
