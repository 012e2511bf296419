namespace Pooling.Gpu.Tests;

/// <summary>A case with hand-made input and output gradient, for values the data kinds do not make.</summary>
public sealed record NumericCase(string Name, PoolCase Case, float[] X, float[] GradOutput)
{
    public OracleCase ToOracle() => Case.ToOracle(X, GradOutput) with { Id = Name };

    public override string ToString() => Name;
}
