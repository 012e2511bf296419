namespace Pooling.Gpu.Tests;

/// <summary>
/// One generated case: case <paramref name="Number"/> of the run with <paramref name="Seed"/>.
/// Its id (the test name) carries both, so a failure names the run that reproduces it.
/// </summary>
public sealed record FuzzCase(int Seed, int Number, ForwardCase Case)
{
    public string Id => $"fuzz seed {Seed} #{Number}: {Case.Name}";

    public override string ToString() => Id;
}
