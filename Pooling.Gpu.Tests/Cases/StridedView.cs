using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>The axes a view cuts, whatever the shape's rank: the batch, the channels, the last two spatial dims.</summary>
public enum ViewAxis
{
    N,
    C,
    H,
    W,
}

/// <summary>One axis of a view: the view's index i is the base tensor's index <c>Start + i * Step</c>.</summary>
public readonly record struct Cut(ViewAxis Axis, long Start, long Step = 1)
{
    /// <summary>The axis as PyTorch numbers the dims of <paramref name="shape"/>; null where the shape lacks it (an unbatched N, a 1D H).</summary>
    public int? Dim(TensorShape shape) => Axis switch
    {
        ViewAxis.N => shape.IsBatched ? 0 : null,
        ViewAxis.C => shape.IsBatched ? 1 : 0,
        ViewAxis.H => shape.SpatialRank > 1 ? shape.Rank - 2 : null,
        _ => shape.Rank - 1,
    };
}

/// <summary>
/// A strided view as a user makes one, of a base tensor larger than the case's shape (every
/// second channel, a crop, a channel range, every second sample, every second column): by
/// <see cref="DeviceTensor{T}.Narrow"/> and <see cref="DeviceTensor{T}.Slice"/>, or, when
/// <paramref name="Wrapped"/>, by a strided Wrap of the base's memory with the offset and strides
/// worked out here (PyTorch's as_strided). The case's data sit at the view's positions of the
/// base; the base's other elements hold a filler that changes any result that reads one.
/// </summary>
public sealed record StridedView(string Name, Cut[] Cuts, bool Wrapped = false)
{
    public static StridedView EverySecondChannel { get; } = new("every 2nd channel", [new(ViewAxis.C, 1, 2)]);

    public static IReadOnlyList<StridedView> All { get; } =
    [
        EverySecondChannel,
        new("crop", [new(ViewAxis.H, 1), new(ViewAxis.W, 2)]),
        new("channel range", [new(ViewAxis.C, 2)]),
        new("every 2nd sample", [new(ViewAxis.N, 1, 2)]),
        new("every 2nd column", [new(ViewAxis.W, 0, 2)]),
        new("Wrap of every 2nd channel, cropped", [new(ViewAxis.C, 1, 2), new(ViewAxis.W, 1)], Wrapped: true),
    ];

    /// <summary>Whether the view cuts an axis that <paramref name="shape"/> has (an unbatched shape has no samples to skip).</summary>
    public bool Applies(TensorShape shape) => Used(shape).Any();

    /// <summary>The base tensor's shape: along each cut dim, room for the view's indices and one more after its last.</summary>
    public TensorShape Base(TensorShape view)
    {
        var sizes = view.Sizes();
        foreach (var (dim, cut) in Used(view))
        {
            sizes[dim] = cut.Start + (sizes[dim] - 1) * cut.Step + 2;
        }

        return OfSizes(view, sizes);
    }

    /// <summary>The base's elements in logical order: <paramref name="logical"/> (the view's) at the view's positions, <paramref name="filler"/> elsewhere.</summary>
    public T[] Scatter<T>(T[] logical, TensorShape view, T filler)
    {
        var sizes = view.Sizes();
        var baseSizes = Base(view).Sizes();
        var (start, step) = (new long[sizes.Length], Enumerable.Repeat(1L, sizes.Length).ToArray());
        foreach (var (dim, cut) in Used(view))
        {
            (start[dim], step[dim]) = (cut.Start, cut.Step);
        }

        var whole = Enumerable.Repeat(filler, checked((int)baseSizes.Aggregate(1L, (a, b) => a * b))).ToArray();
        for (long i = 0; i < logical.Length; i++)
        {
            long rest = i, at = 0, scale = 1;
            for (int dim = sizes.Length - 1; dim >= 0; dim--)
            {
                at += (start[dim] + rest % sizes[dim] * step[dim]) * scale;
                (rest, scale) = (rest / sizes[dim], scale * baseSizes[dim]);
            }

            whole[at] = logical[i];
        }

        return whole;
    }

    /// <summary>The view, of <paramref name="shape"/> and its layout, of a new base tensor that holds <paramref name="logical"/> there and <paramref name="filler"/> around it.</summary>
    public CaseTensor<T> Upload<T>(PoolingEngine engine, T[] logical, TensorShape shape, T filler)
        where T : unmanaged
    {
        var view = shape.WithLayout(TensorLayout.ChannelsFirst);
        var whole = Base(view);
        var tensor = engine.Upload<T>(Layouts.ToLayout(Scatter(logical, view, filler), whole, shape.Layout), whole.WithLayout(shape.Layout));
        return new(Of(engine, tensor, view), tensor);
    }

    /// <summary>The view of <paramref name="whole"/>, a tensor of <see cref="Base"/>'s shape, as the case's shape <paramref name="view"/> in the base's layout.</summary>
    public DeviceTensor<T> Of<T>(PoolingEngine engine, DeviceTensor<T> whole, TensorShape view)
        where T : unmanaged
    {
        var sizes = view.Sizes();
        DeviceTensor<T> made;
        if (Wrapped)
        {
            var strides = whole.Strides();
            long offset = 0;
            foreach (var (dim, cut) in Used(view))
            {
                offset += cut.Start * strides[dim];
                strides[dim] *= cut.Step;
            }

            made = engine.Wrap(whole.View.SubView(offset, whole.Shape.Length - offset), view.WithLayout(whole.Shape.Layout), strides);
        }
        else
        {
            made = Used(view).Aggregate(whole, (part, used) => used.Cut.Step == 1
                ? part.Narrow(used.Dim, used.Cut.Start, sizes[used.Dim])
                : part.Slice(used.Dim, used.Cut.Start, used.Cut.Start + (sizes[used.Dim] - 1) * used.Cut.Step + 1, used.Cut.Step));
        }

        Assert.That(made.Shape, Is.EqualTo(view.WithLayout(whole.Shape.Layout)), $"{Name}: the view's shape");
        return made;
    }

    /// <summary>The view as the oracle makes it of the base it is sent.</summary>
    public OracleView ToOracle(TensorShape view) => new(Base(view).Sizes(), [.. Used(view).Select(u => new[] { u.Dim, u.Cut.Start, u.Cut.Step })], Wrapped);

    public override string ToString() => Name;

    /// <summary>The cuts that apply to <paramref name="shape"/>, with their dims.</summary>
    private IEnumerable<(int Dim, Cut Cut)> Used(TensorShape shape) =>
        Cuts.Where(c => c.Dim(shape) is not null).Select(c => (c.Dim(shape)!.Value, c));

    /// <summary>A shape of <paramref name="like"/>'s rank, batching and layout with logical <paramref name="sizes"/>.</summary>
    private static TensorShape OfSizes(TensorShape like, long[] sizes)
    {
        var (n, rest) = like.IsBatched ? (sizes[0], sizes[1..]) : (1, sizes);
        var shape = like.SpatialRank switch
        {
            1 => like.IsBatched ? TensorShape.Of1d(n, rest[0], rest[1]) : TensorShape.Unbatched1d(rest[0], rest[1]),
            2 => like.IsBatched ? new TensorShape(n, rest[0], rest[1], rest[2]) : new TensorShape(rest[0], rest[1], rest[2]),
            _ => like.IsBatched ? TensorShape.Of3d(n, rest[0], rest[1], rest[2], rest[3]) : TensorShape.Unbatched3d(rest[0], rest[1], rest[2], rest[3]),
        };
        return shape.WithLayout(like.Layout);
    }
}
