using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// A kernel that runs one body per element of a tensor, written once as a struct: its fields are
/// the kernel's arguments, <see cref="Run"/> is what a thread does for one element. The GPU runs
/// it as a grid-stride loop (<see cref="ElementGrid{TLayout}"/>); the host runs the same struct in
/// its own loops, so both give the same bits.
/// </summary>
/// <typeparam name="TSelf">The kernel struct itself.</typeparam>
/// <typeparam name="TLayout">The layout of the tensor whose elements it runs over.</typeparam>
internal interface IElementKernel<TSelf, TLayout>
    where TSelf : struct, IElementKernel<TSelf, TLayout>
    where TLayout : struct, ILayout
{
    /// <summary>The kernel method: the struct, and the launch's step over <see cref="Elements"/>.</summary>
    static abstract Action<TSelf, GridStep> Kernel { get; }

    /// <summary>The sizes of the tensor whose elements the kernel runs over, one thread-step each.</summary>
    TensorDims Elements { get; }

    /// <summary>Runs element <paramref name="index"/> (its index in <typeparamref name="TLayout"/>), at <paramref name="at"/>.</summary>
    void Run(long index, Coordinates at);
}

/// <summary>The loop of an element kernel over its elements, by a step: one grid thread's share, or a host thread's range.</summary>
/// <typeparam name="TLayout">The layout the elements are indexed in.</typeparam>
internal static class ElementGrid<TLayout>
    where TLayout : struct, ILayout
{
    /// <summary>The grid-stride loop of the calling kernel thread: the body of every <see cref="IElementKernel{TSelf, TLayout}.Kernel"/>.</summary>
    internal static void Run<TKernel>(TKernel kernel, GridStep step)
        where TKernel : struct, IElementKernel<TKernel, TLayout> =>
        Walk(kernel, Grid.GlobalIndex.X, kernel.Elements.Length, step);

    /// <summary>Runs <paramref name="kernel"/> on elements <paramref name="first"/>, <paramref name="first"/> + step, ... below <paramref name="end"/>.</summary>
    internal static void Walk<TKernel>(TKernel kernel, long first, long end, GridStep step)
        where TKernel : struct, IElementKernel<TKernel, TLayout>
    {
        for (var walk = new GridWalk<TLayout>(kernel.Elements, first, step); walk.Index < end; walk.Advance())
        {
            kernel.Run(walk.Index, walk.At);
        }
    }
}
