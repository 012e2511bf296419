namespace Pooling.Gpu.Tests;

/// <summary>
/// One generated case: case <paramref name="Number"/> of a table's draws in the run with
/// <paramref name="Seed"/>; the case carries its element type and layout. Its id (the test name)
/// carries the seed, table and number, so a failure names the run that reproduces it.
/// </summary>
public sealed record FuzzCase(int Seed, string Table, int Number, PoolCase Case)
{
    public string Id => $"fuzz seed {Seed} {Table} #{Number}: {Case.Name}";

    public override string ToString() => Id;
}

/// <summary>One table of the fuzz run's draws: its name in test names, how case i is seeded, the draw, and how often a case is in another type or layout.</summary>
public sealed record FuzzTable(string Name, Func<int, int, int> CaseSeed, Func<Random, PoolCase> Draw, int VariantOneIn);
