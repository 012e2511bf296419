namespace Pooling.Gpu.Tests;

/// <summary>The element types the library pools.</summary>
public enum ElementType
{
    Float32,
    Float64,
    Float16,
    BFloat16,
}

/// <summary>Per-type facts the tests need: rounding test data into the type, PyTorch's name, the spacing of values.</summary>
public static class ElementTypes
{
    /// <summary>The nearest value of the type (ties to even), as a float32 (exact: every type here is at most float32 wide, or wider).</summary>
    public static float Round(this ElementType type, float value) => type switch
    {
        ElementType.Float16 => (float)(System.Half)value,
        ElementType.BFloat16 => (float)(BFloat16)value,
        _ => value,
    };

    public static string TorchName(this ElementType type) => type switch
    {
        ElementType.Float64 => "float64",
        ElementType.Float16 => "float16",
        ElementType.BFloat16 => "bfloat16",
        _ => "float32",
    };

    /// <summary>Mantissa bits after the point.</summary>
    public static int MantissaBits(this ElementType type) => type switch
    {
        ElementType.Float64 => 52,
        ElementType.Float16 => 10,
        ElementType.BFloat16 => 7,
        _ => 23,
    };

    /// <summary>The exponent of the type's smallest normal number; below it the spacing of values stays that of this exponent.</summary>
    public static int MinExponent(this ElementType type) => type switch
    {
        ElementType.Float64 => -1022,
        ElementType.Float16 => -14,
        _ => -126,
    };

    /// <summary>
    /// How far a computed average or gradient may be from a reference: half a unit in the last
    /// place of the type at the reference's magnitude (a subnormal's at the smallest normal
    /// exponent) for each side that was rounded into the type (1 against the float64 reference, 2
    /// against PyTorch's rounded result), plus float32 (or float64) summation error at the scale of
    /// the terms' magnitudes.
    /// </summary>
    public static double Tolerance(this ElementType type, double reference, double magnitude, int roundings = 1)
    {
        double scale = Math.Max(Math.Abs(reference), magnitude);
        double summation = (type == ElementType.Float64 ? 1e-12 : Expect.AverageTolerance) * scale;
        double exponent = Math.Max(Math.Floor(Math.Log2(Math.Abs(reference))), type.MinExponent());
        double halfUlp = type == ElementType.Float32 || type == ElementType.Float64 || reference == 0
            ? 0
            : Math.Pow(2, exponent - type.MantissaBits() - 1);
        return summation + roundings * halfUlp + 1e-30;
    }
}
