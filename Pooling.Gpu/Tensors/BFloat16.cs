using ILGPU;

namespace Pooling.Gpu;

/// <summary>
/// A bfloat16 value: the top 16 bits of a float32 (8 exponent bits, 7 mantissa bits). A storage
/// type: kernels convert to float32 in registers and compute there. Conversion from float rounds
/// to nearest even and maps every NaN to 0x7FC0, exactly as PyTorch's <c>c10::BFloat16</c>.
/// </summary>
/// <param name="RawValue">The 16 bits.</param>
public readonly record struct BFloat16(ushort RawValue)
{
    /// <summary>The value as float32 (exact).</summary>
    /// <param name="value">A bfloat16.</param>
    public static implicit operator float(BFloat16 value) => Interop.IntAsFloat((uint)value.RawValue << 16);

    /// <summary>The nearest bfloat16 (ties to even); NaN becomes 0x7FC0.</summary>
    /// <param name="value">A float32.</param>
    public static explicit operator BFloat16(float value)
    {
        if (float.IsNaN(value))
        {
            return new BFloat16(0x7FC0);
        }

        uint bits = Interop.FloatAsInt(value);
        return new BFloat16((ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16));
    }

    /// <inheritdoc/>
    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
