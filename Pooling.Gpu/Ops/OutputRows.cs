namespace Pooling.Gpu;

/// <summary>
/// How many vertically adjacent outputs (along H) one thread of the window-pooling kernel
/// computes. Its warps' lanes still take consecutive w (channels-first) or c (channels-last), so
/// loads coalesce the same way whatever the count.
/// </summary>
internal interface IOutputRows
{
    /// <summary>Outputs per thread: 1 or 2 (<see cref="OutputRows.Blocks"/> knows no other).</summary>
    int Count { get; }
}

/// <summary>One output per thread: any window.</summary>
internal readonly struct SingleRow : IOutputRows
{
    public int Count => 1;
}

/// <summary>
/// Two outputs per thread, rows 2i and 2i + 1, for windows that overlap along H with dilation 1
/// (stride &lt; kernel, as in 3x3 stride 2): the rows both windows hold are loaded once and fed
/// to both, so 3x3 stride 2 loads 15 inputs for two outputs instead of 18.
/// </summary>
internal readonly struct RowPair : IOutputRows
{
    public int Count => 2;
}

/// <summary>The row blocks a window-pooling launch walks over.</summary>
internal static class OutputRows
{
    /// <summary><paramref name="output"/> with H counted in blocks of <typeparamref name="TRows"/>' count (the last may be short).</summary>
    internal static TensorDims Blocks<TRows>(TensorDims output)
        where TRows : struct, IOutputRows =>
        default(TRows).Count == 1 ? output : output with { H = (output.H + 1) / 2 };
}
