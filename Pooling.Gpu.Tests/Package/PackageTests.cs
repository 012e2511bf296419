using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The NuGet package, as a new user meets it: <c>dotnet pack</c> into a folder feed, then a fresh
/// console app that adds Pooling.Gpu from that feed and pools on the CPU accelerator. Slow (pack,
/// restore, two builds, a run): its own category. Needs the .NET SDK and the source tree, so it
/// is skipped in a published test bundle.
/// </summary>
[Category("Package")]
public sealed class PackageTests
{
    private DotnetCli dotnet = null!;
    private DirectoryInfo work = null!;
    private string root = null!;
    private string feed = null!;
    private string version = null!;
    private string? build;

    [OneTimeSetUp]
    public async Task PackIntoAFolderFeed()
    {
        (dotnet, root) = await DotnetCli.ForSourceTreeAsync("Packing and installing the library");
        work = Directory.CreateTempSubdirectory("pooling-gpu-package-");
        feed = Path.Combine(work.FullName, "feed");
        version = typeof(PoolingEngine).Assembly.GetName().Version!.ToString(3);

        // A clean build of its own, beside the source tree's bin/ and obj/ (which stay untouched), and
        // inside the tree (artifacts/ is ignored by git), where Release builds map paths to /_/.
        build = Path.Combine(root, "artifacts", "package-test");
        DeleteBuild();
        await dotnet.RunAsync(root, ["pack", Path.Combine(root, "Pooling.Gpu", "Pooling.Gpu.csproj"), "-c", "Release", "-o", feed, "--artifacts-path", build]);
    }

    [OneTimeTearDown]
    public void RemoveTheTemporaryFolders()
    {
        work?.Delete(recursive: true);
        DeleteBuild();
    }

    [Test]
    public void ThePackageHoldsTheLibraryItsDocsReadmeLicenseAndMetadata()
    {
        Assert.That(
            Directory.GetFiles(feed).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { $"Pooling.Gpu.{version}.nupkg", $"Pooling.Gpu.{version}.snupkg" }),
            "the package and its symbols, named after the library's assembly version");

        using var package = ZipFile.OpenRead(Path.Combine(feed, $"Pooling.Gpu.{version}.nupkg"));
        Assert.That(
            package.Entries.Select(e => e.FullName),
            Is.SupersetOf(new[] { "Pooling.Gpu.nuspec", "README.md", "LICENSE", "lib/net10.0/Pooling.Gpu.dll", "lib/net10.0/Pooling.Gpu.xml" }));
        Assert.That(Text(package, "README.md"), Is.EqualTo(File.ReadAllText(Path.Combine(root, "Pooling.Gpu", "README.md"))), "the package README is Pooling.Gpu/README.md");
        Assert.That(Text(package, "lib/net10.0/Pooling.Gpu.xml"), Does.Contain("<member name=\"T:Pooling.Gpu.PoolingEngine\">"), "XML docs for IntelliSense");

        var nuspec = XDocument.Parse(Text(package, "Pooling.Gpu.nuspec")).Root!;
        var ns = nuspec.Name.Namespace;
        var metadata = nuspec.Element(ns + "metadata")!;
        string Field(string name) => metadata.Element(ns + name)?.Value ?? "";
        var license = metadata.Element(ns + "license")!;
        var repository = metadata.Element(ns + "repository")!;
        Assert.Multiple(() =>
        {
            Assert.That(Field("id"), Is.EqualTo("Pooling.Gpu"));
            Assert.That(Field("version"), Is.EqualTo(version));
            Assert.That(Field("authors"), Is.EqualTo("Pooling.Gpu contributors"));
            Assert.That(Field("description"), Does.Contain("pooling"));
            Assert.That(Field("tags").Split(' '), Is.SupersetOf(new[] { "gpu", "pooling", "ilgpu" }));
            Assert.That(Field("readme"), Is.EqualTo("README.md"));
            Assert.That((license.Attribute("type")?.Value, license.Value), Is.EqualTo(("expression", "MIT")));
            Assert.That(repository.Attribute("type")?.Value, Is.EqualTo("git"));
            Assert.That(repository.Attribute("url"), Is.Null, "the repository has no public address to name");
            Assert.That(
                metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value),
                Is.EquivalentTo(new[] { "ILGPU", "Microsoft.Extensions.Logging.Abstractions" }));
        });

        var library = Bytes(package, "lib/net10.0/Pooling.Gpu.dll");
        Assert.That(Encoding.UTF8.GetString(library), Does.Not.Contain(root.TrimEnd(Path.DirectorySeparatorChar)), "a path of this machine in the library (Release builds map the source tree to /_/)");

        using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"Pooling.Gpu.{version}.snupkg"));
        Assert.That(symbols.Entries.Select(e => e.FullName), Does.Contain("lib/net10.0/Pooling.Gpu.pdb"));
    }

    [Test]
    public async Task ANewConsoleAppAddsThePackageFromTheFeedAndPools()
    {
        string app = Path.Combine(work.FullName, "app");
        await dotnet.RunAsync(work.FullName, ["new", "console", "-o", app, "-n", "InstallCheck", "--no-restore"]);

        // The package is extracted into a fresh folder, so that a stale copy of the same version
        // in the user's cache cannot stand in for it; the user's cache, and the user's sources,
        // still serve ILGPU and the other dependencies.
        string userPackages = (await dotnet.RunAsync(app, ["nuget", "locals", "global-packages", "--list"])).Trim().Split(": ", 2)[1];
        string packages = Path.Combine(work.FullName, "packages");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="pooling-gpu-test-feed" value="{feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <fallbackPackageFolders>
                <add key="user-global-packages" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        var withoutUserFolder = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = null };
        await dotnet.RunAsync(app, ["add", "package", "Pooling.Gpu", "--version", version], withoutUserFolder);

        using (var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(packages, "pooling.gpu", version, ".nupkg.metadata"))))
        {
            Assert.That(metadata.RootElement.GetProperty("source").GetString(), Is.EqualTo(feed), "Pooling.Gpu came from the folder feed");
        }

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Pooling.Gpu;

            using var engine = new PoolingEngine(new PoolingEngineOptions { Accelerator = AcceleratorPreference.Cpu });
            using var input = engine.Upload<float>(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), new TensorShape(1, 1, 4, 4));
            using var pooled = engine.MaxPool(input, new MaxPool2dOptions(2));
            Console.WriteLine($"{engine.AcceleratorType}: {string.Join(" ", pooled.ToArray())}");
            """);
        string output = await dotnet.RunAsync(app, ["run"], withoutUserFolder);
        Assert.That(output.ReplaceLineEndings().TrimEnd().Split(Environment.NewLine)[^1], Is.EqualTo("CPU: 5 7 13 15"), output);
    }

    private void DeleteBuild()
    {
        if (Directory.Exists(build))
        {
            Directory.Delete(build, recursive: true);
        }
    }

    private static string Text(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Bytes(ZipArchive zip, string entry)
    {
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
