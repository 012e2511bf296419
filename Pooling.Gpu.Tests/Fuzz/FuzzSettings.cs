namespace Pooling.Gpu.Tests;

/// <summary>
/// The fuzz budget and seed. CI runs <see cref="CiCases"/> cases of the 2D ops from the fixed
/// <see cref="DefaultSeed"/>, so that a CI result can be reproduced, and as many of the breadth
/// ops (<see cref="BreadthCases"/>); a long run (<see cref="LongRun"/>) draws a fresh seed
/// and runs <see cref="LongRunCases"/>. Either variable overrides: <c>POOLING_GPU_FUZZ_SEED</c> (a
/// number, or <c>random</c>) and <c>POOLING_GPU_FUZZ_CASES</c>. Every test name carries the seed.
/// </summary>
public static class FuzzSettings
{
    public const string SeedVariable = "POOLING_GPU_FUZZ_SEED";

    public const string CasesVariable = "POOLING_GPU_FUZZ_CASES";

    public const int DefaultSeed = 1;

    public const int CiCases = 300;

    public const int LongRunCases = 5000;

    public static int Seed { get; } = ReadSeed(Environment.GetEnvironmentVariable(SeedVariable));

    public static int Cases { get; } = ReadCases(Environment.GetEnvironmentVariable(CasesVariable));

    /// <summary>
    /// Cases of the breadth ops (1D/3D pooling, lp_pool, max_unpool), as many as of the 2D ops:
    /// a second numbering, so that one variable sets the whole run and the 2D cases stay the ones a
    /// seed always gave.
    /// </summary>
    public static int BreadthCases => Cases;

    /// <summary>The variables that rerun exactly these cases.</summary>
    public static string Rerun => $"{SeedVariable}={Seed} {CasesVariable}={Cases}";

    private static int ReadSeed(string? value) => value?.Trim() switch
    {
        null or "" => LongRun.Enabled ? Random.Shared.Next() : DefaultSeed,
        "random" => Random.Shared.Next(),
        var text when int.TryParse(text, out int seed) => seed,
        _ => throw new InvalidOperationException($"{SeedVariable}='{value}' is neither a number nor 'random'."),
    };

    private static int ReadCases(string? value) => value?.Trim() switch
    {
        null or "" => LongRun.Enabled ? LongRunCases : CiCases,
        var text when int.TryParse(text, out int cases) && cases >= 0 => cases,
        _ => throw new InvalidOperationException($"{CasesVariable}='{value}' is not a count of cases."),
    };
}
