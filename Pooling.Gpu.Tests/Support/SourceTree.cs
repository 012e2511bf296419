namespace Pooling.Gpu.Tests;

/// <summary>The repository the tests were built from, found upwards from the test executable.</summary>
public static class SourceTree
{
    /// <summary>The repository's root, or null where the tests run without it (a published test bundle).</summary>
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "pooling-gpu.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
