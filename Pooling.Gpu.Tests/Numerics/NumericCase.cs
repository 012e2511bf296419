namespace Pooling.Gpu.Tests;

/// <summary>A forward case with hand-made input and output gradient, for values the data kinds do not make.</summary>
public sealed record NumericCase(string Name, ForwardCase Case, float[] X, float[] GradOutput)
{
    public OracleCase ToOracle() => Case.ToOracle(X, GradOutput) with { Id = Name };

    public override string ToString() => Name;
}
