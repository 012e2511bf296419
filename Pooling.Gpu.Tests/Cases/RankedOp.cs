namespace Pooling.Gpu.Tests;

/// <summary>
/// An op with a 1D, a 2D and a 3D form, whose library calls take options (or an output size) of
/// type <typeparamref name="T1"/>, <typeparamref name="T2"/> or <typeparamref name="T3"/>. The op
/// keeps them as <see cref="Options"/>, and each call picks the overload of their rank.
/// </summary>
/// <typeparam name="T1">What the 1D calls take.</typeparam>
/// <typeparam name="T2">What the 2D calls take.</typeparam>
/// <typeparam name="T3">What the 3D calls take.</typeparam>
public abstract record RankedOp<T1, T2, T3> : PoolOp
{
    private protected RankedOp(object options)
    {
        Options = options;
    }

    /// <summary>A <typeparamref name="T1"/>, <typeparamref name="T2"/> or <typeparamref name="T3"/>.</summary>
    public object Options { get; }

    public int SpatialRank => Options switch
    {
        T1 => 1,
        T2 => 2,
        _ => 3,
    };

    /// <summary>Kernel, stride, padding and dilation along D, H and W of a 1D, 2D or 3D size type, read through the options' public properties; the axes the rank lacks are <see cref="Axis.Unit"/>.</summary>
    protected static (Axis D, Axis H, Axis W) AxesOf<TSize>(TSize kernel, TSize stride, TSize? padding = null, TSize? dilation = null)
        where TSize : struct
    {
        var (k, s) = (Spread(kernel, 1), Spread(stride, 1));
        (int D, int H, int W) p = padding is { } pad ? Spread(pad, 0) : (0, 0, 0), d = dilation is { } dil ? Spread(dil, 1) : (1, 1, 1);
        return (new(k.D, s.D, p.D, d.D), new(k.H, s.H, p.H, d.H), new(k.W, s.W, p.W, d.W));
    }

    /// <summary>The (D, H, W) values of a 1D, 2D or 3D size; <paramref name="unit"/> along the axes the rank lacks.</summary>
    protected static (int D, int H, int W) Spread<TSize>(TSize size, int unit) => size switch
    {
        int w => (unit, unit, w),
        Size2 s => (unit, s.Height, s.Width),
        Size3 s => (s.Depth, s.Height, s.Width),
        _ => throw new ArgumentException($"{typeof(TSize).Name} is no size of a rank.", nameof(size)),
    };

    /// <summary>The axes of the op's rank, from <paramref name="axes"/> (as PyTorch takes per-axis lists).</summary>
    protected Axis[] OfRank((Axis D, Axis H, Axis W) axes) => new[] { axes.D, axes.H, axes.W }[(3 - SpatialRank)..];

    /// <summary>PyTorch's kernel_size, stride and padding of <paramref name="axes"/>: a list of the op's rank each.</summary>
    protected OracleParams WindowParams((Axis D, Axis H, Axis W) axes)
    {
        var used = OfRank(axes);
        return new() { KernelSize = used.Select(a => a.Kernel).ToArray(), Stride = used.Select(a => a.Stride).ToArray(), Padding = used.Select(a => a.Padding).ToArray() };
    }

    /// <summary>The call of the options' rank.</summary>
    protected TResult Pick<TResult>(Func<T1, TResult> line, Func<T2, TResult> plane, Func<T3, TResult> volume) => Options switch
    {
        T1 o => line(o),
        T2 o => plane(o),
        _ => volume((T3)Options),
    };

    /// <summary>The call of the options' rank, for calls that return nothing.</summary>
    protected void Call(Action<T1> line, Action<T2> plane, Action<T3> volume)
    {
        switch (Options)
        {
            case T1 o:
                line(o);
                break;
            case T2 o:
                plane(o);
                break;
            default:
                volume((T3)Options);
                break;
        }
    }
}
