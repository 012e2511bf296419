namespace Pooling.Gpu.Tests;

/// <summary>
/// One generated case of a breadth op (1D and 3D pooling, lp_pool, max_unpool2d): case
/// <paramref name="Number"/> of the run with <paramref name="Seed"/>; the case carries its element
/// type and layout. Its id (the test name) carries the seed and number, so a failure names the
/// run that reproduces it.
/// </summary>
public sealed record BreadthFuzzCase(int Seed, int Number, BreadthCase Case)
{
    public string Id => $"fuzz seed {Seed} breadth #{Number}: {Case.Name}";

    public override string ToString() => Id;
}
