namespace Pooling.Gpu.Tests;

/// <summary>
/// The fuzz budget and seed. CI runs <see cref="CiCases"/> cases of each table of draws (the 2D
/// window ops, the others: <see cref="FuzzCaseGenerator"/>) from the fixed <see cref="DefaultSeed"/>,
/// so that a CI result can be reproduced; a long run (<see cref="LongRun"/>) draws a fresh seed
/// and runs <see cref="LongRunCases"/> of each. Either variable overrides: <c>POOLING_GPU_FUZZ_SEED</c> (a
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
