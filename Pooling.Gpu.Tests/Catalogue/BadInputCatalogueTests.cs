using System.Reflection;
using NUnit.Framework;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Every entry of <see cref="BadInputCatalogue"/> is refused with its exception, naming its
/// parameter, and leaves every buffer as it was; every public method of the engine and the
/// layers has entries, so a new public method without a bad-input test fails here. The exception
/// type is exact, not a subclass: an empty dim must meet its own rule (an ArgumentException), not
/// the output-size rule's ArgumentOutOfRangeException, whose "Actual value" names the shape too.
/// </summary>
public sealed class BadInputCatalogueTests
{
    /// <summary>Public methods that take no argument that could be bad; any other needs a template.</summary>
    private static readonly string[] WithoutArguments = [nameof(PoolingEngine.Dispose), nameof(ToString)];

    private CatalogueFixture? fixture;

    private static IEnumerable<TestCaseData> Entries => BadInputCatalogue.All.Select(b => new TestCaseData(b).SetName(b.Name));

    [OneTimeTearDown]
    public void DisposeFixture() => fixture?.Dispose();

    [TestCaseSource(nameof(Entries))]
    public void IsRefusedClearlyAndWritesNothing(BadCall bad)
    {
        // One fixture for all entries while they leave it as it was; a failed entry gets the next a fresh one.
        var f = fixture ??= new CatalogueFixture(TestEngine.Instance);
        fixture = null;
        Exception? error = null;
        try
        {
            if (bad.Call(f) is IDisposable made)
            {
                f.Own(made);
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        Assert.That(error, Is.TypeOf(bad.Exception), error?.ToString() ?? "the call was accepted");
        if (bad.Parameter is not null)
        {
            Assert.That(((ArgumentException)error!).ParamName, Is.AnyOf(bad.Parameter.Split('|')), error.Message);
        }

        if ((bad.MessageOf?.Invoke(f) ?? bad.Message) is { } message)
        {
            Assert.That(error!.Message, Does.Contain(message));
        }

        f.AssertUnchanged();
        fixture = f;
    }

    [Test]
    public void EveryPublicMethodOfTheEngineAndTheLayersHasEntries()
    {
        var covered = BadInputCatalogue.All.Select(b => b.Covers).ToHashSet();
        var engine = typeof(PoolingEngine).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !WithoutArguments.Contains(m.Name))
            .Select(m => (typeof(PoolingEngine), m.ToString()!));
        // Each layer type, closed over float as the templates use it.
        var layers =
            from definition in typeof(Layer<>).Assembly.GetExportedTypes()
            where definition.IsGenericTypeDefinition && !definition.IsAbstract
            let type = definition.MakeGenericType(typeof(float))
            where type.IsSubclassOf(typeof(Layer<float>))
            from m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            where !m.IsSpecialName && m.DeclaringType != typeof(object) && !WithoutArguments.Contains(m.Name)
            select (type, m.ToString()!);
        var required = engine.Concat(layers).ToList();
        Assert.That(required, Has.Count.GreaterThan(40), "the reflection finds the public methods");
        Assert.That(required.Where(r => !covered.Contains(r)).Select(r => $"{r.Item1.Name}: {r.Item2}"), Is.Empty,
            "public methods without bad-input entries: add a valid call to CallTemplates (or entries to BadInputCatalogue)");
    }

    [Test]
    public void EveryEntryHasItsOwnName() => Assert.That(BadInputCatalogue.All.Select(b => b.Name), Is.Unique);

    [Test]
    public void EveryTemplateIsAValidCall()
    {
        using var f = new CatalogueFixture(TestEngine.Instance);
        Assert.Multiple(() =>
        {
            foreach (var template in CallTemplates.All)
            {
                Assert.DoesNotThrow(() =>
                {
                    if (template.Invoke(template.Target(f), template.Arguments(f)) is IDisposable made)
                    {
                        f.Own(made);
                    }
                }, template.Text);
                f.Stream.Synchronize();
            }
        });
    }
}
