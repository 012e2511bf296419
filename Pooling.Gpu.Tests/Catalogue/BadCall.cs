using System.Reflection;

namespace Pooling.Gpu.Tests;

/// <summary>
/// One bad call of the catalogue: the public member it covers, and what it must throw: the
/// exception's exact type, the parameter it names (when it has one; "a|b" when either may be checked
/// first) and a part of its message: <paramref name="Message"/>, or where it names something
/// made from the fixture's tensors (an empty shape of an argument's rank), <paramref name="MessageOf"/>.
/// </summary>
public sealed record BadCall(
    string Name, Type Target, MethodBase Member, Func<CatalogueFixture, object?> Call, Type Exception, string? Parameter = null, string? Message = null,
    Func<CatalogueFixture, string>? MessageOf = null)
{
    /// <summary>
    /// The member as the coverage test compares it: by its text, since a layer's inherited method
    /// reflected from the layer type is not equal to the same method reflected from its base; and
    /// by its generic definition (<c>Allocate[T]</c>), not the instance a call uses.
    /// </summary>
    public (Type Target, string Member) Covers => (Target, (Member is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericMethodDefinition() : Member).ToString()!);

    public override string ToString() => Name;
}
