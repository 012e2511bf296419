namespace Pooling.Gpu.Tests;

/// <summary>
/// One generated case: case <paramref name="Number"/> of the run with <paramref name="Seed"/>,
/// in an element type and layout. Its id (the test name) carries the seed and number, so a
/// failure names the run that reproduces it.
/// </summary>
public sealed record FuzzCase(int Seed, int Number, ForwardCase Case, ElementType Element = ElementType.Float32, TensorLayout Layout = TensorLayout.ChannelsFirst)
{
    /// <summary>Another element type or layout than float32 channels-first, judged with the variant checks.</summary>
    public bool IsVariant => Element != ElementType.Float32 || Layout != TensorLayout.ChannelsFirst;

    public VariantCase Variant => new(Case, Element, Layout);

    public string Id => $"fuzz seed {Seed} #{Number}: {Case.Name}{(IsVariant ? $" {Element} {Layout}" : "")}";

    public override string ToString() => Id;
}
