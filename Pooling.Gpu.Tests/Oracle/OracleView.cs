namespace Pooling.Gpu.Tests;

/// <summary>
/// A strided view the oracle pools instead of a contiguous input: the case's input is the base
/// tensor's, of sizes <paramref name="Base"/>, and the view keeps, along each cut's dim, the
/// indices <c>start + i * step</c> ([dim, start, step] each): by slicing, or by as_strided.
/// </summary>
public sealed record OracleView(long[] Base, long[][] Cuts, bool AsStrided);
