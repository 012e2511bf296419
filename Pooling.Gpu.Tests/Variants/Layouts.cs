namespace Pooling.Gpu.Tests;

/// <summary>Reorders a logical (channels-first) array into another layout's memory order and back.</summary>
public static class Layouts
{
    /// <summary>The physical array of <paramref name="logical"/> in <paramref name="layout"/>.</summary>
    public static T[] ToLayout<T>(T[] logical, TensorShape shape, TensorLayout layout)
    {
        if (layout == TensorLayout.ChannelsFirst)
        {
            return logical;
        }

        var physical = new T[logical.Length];
        ForEach(shape, (first, last) => physical[last] = logical[first]);
        return physical;
    }

    /// <summary>The logical (channels-first) array of <paramref name="physical"/>, stored in <paramref name="layout"/>.</summary>
    public static T[] FromLayout<T>(T[] physical, TensorShape shape, TensorLayout layout)
    {
        if (layout == TensorLayout.ChannelsFirst)
        {
            return physical;
        }

        var logical = new T[physical.Length];
        ForEach(shape, (first, last) => logical[first] = physical[last]);
        return logical;
    }

    /// <summary>Calls <paramref name="visit"/> with each element's channels-first and channels-last index, computed from the formulas.</summary>
    private static void ForEach(TensorShape shape, Action<long, long> visit)
    {
        long spatial = shape.PlaneLength;
        for (long n = 0; n < shape.N; n++)
        {
            for (long c = 0; c < shape.C; c++)
            {
                for (long s = 0; s < spatial; s++)
                {
                    visit((n * shape.C + c) * spatial + s, (n * spatial + s) * shape.C + c);
                }
            }
        }
    }
}
