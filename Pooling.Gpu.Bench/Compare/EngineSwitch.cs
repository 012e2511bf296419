namespace Pooling.Gpu.Bench.Compare;

/// <summary>
/// An engine switch that is off by default until a GPU run decides it: compare times the cases it
/// applies to again with it on, as rows whose op ends in <paramref name="Suffix"/>, and report sets
/// those rows against the same cases with it off.
/// </summary>
/// <param name="Suffix">What compare appends to a case's op when the switch is on (e.g. <c>+cols</c>).</param>
/// <param name="Property">The <see cref="PoolingEngine"/> property it sets.</param>
internal sealed record EngineSwitch(string Suffix, string Property)
{
    /// <summary>Two outputs per thread where windows overlap along H.</summary>
    internal static readonly EngineSwitch Pairs = new("+pairs", nameof(PoolingEngine.PairsOverlappingRows));

    /// <summary>Four columns per thread where windows pair up along W.</summary>
    internal static readonly EngineSwitch ColumnQuads = new("+cols", nameof(PoolingEngine.ColumnQuadsPerThread));

    /// <summary>Four channels per thread in channels-last tensors.</summary>
    internal static readonly EngineSwitch ChannelQuads = new("+quads", nameof(PoolingEngine.ChannelQuadsPerThread));

    /// <summary>Every switch compare times both ways.</summary>
    internal static IReadOnlyList<EngineSwitch> All { get; } = [Pairs, ColumnQuads, ChannelQuads];

    /// <summary>The op of a case timed with the switch on.</summary>
    internal string On(string op) => op + Suffix;
}
