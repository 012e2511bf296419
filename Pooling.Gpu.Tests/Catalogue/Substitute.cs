namespace Pooling.Gpu.Tests;

/// <summary>
/// One bad value for a parameter, made from the valid argument it replaces, and what the call
/// must throw for it. <paramref name="MessageOf"/>, when set, gives the expected message from the
/// valid argument, for messages that name a shape made from it.
/// </summary>
public sealed record Substitute(
    string What, Func<CatalogueFixture, object, object?> Replace, Type Exception, string? Parameter = null, string? Message = null, Func<object, string>? MessageOf = null);
