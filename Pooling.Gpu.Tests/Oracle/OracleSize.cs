using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A size parameter for PyTorch: one int (which PyTorch repeats for every dim) or one per dim,
/// as <c>kernel_size=3</c> or <c>kernel_size=[3, 2]</c>; an adaptive size's null is sent as
/// None. Made from an int, a <see cref="Size2"/>, a <see cref="Size3"/>, an
/// <see cref="AdaptiveSize2"/> or <see cref="AdaptiveSize3"/>, a tuple or an array
/// (<c>new[] { 3 }</c> for a 1D op's list).
/// </summary>
[JsonConverter(typeof(OracleSizeConverter))]
public readonly struct OracleSize
{
    private OracleSize(int?[] values, bool scalar)
    {
        Values = values;
        IsScalar = scalar;
    }

    /// <summary>The values, one per dim (a single one for a scalar).</summary>
    public int?[] Values { get; }

    /// <summary>True when sent as one int.</summary>
    public bool IsScalar { get; }

    public static implicit operator OracleSize(int value) => new([value], scalar: true);

    public static implicit operator OracleSize(int[] values) => new([.. values.Select(v => (int?)v)], scalar: false);

    public static implicit operator OracleSize(int?[] values) => new(values, scalar: false);

    public static implicit operator OracleSize(Size2 value) => new([value.Height, value.Width], scalar: false);

    public static implicit operator OracleSize((int Height, int Width) value) => new([value.Height, value.Width], scalar: false);

    public static implicit operator OracleSize(Size3 value) => new([value.Depth, value.Height, value.Width], scalar: false);

    public static implicit operator OracleSize(AdaptiveSize2 value) => new([value.Height, value.Width], scalar: false);

    public static implicit operator OracleSize(AdaptiveSize3 value) => new([value.Depth, value.Height, value.Width], scalar: false);

    public override string ToString() => IsScalar ? $"{Values[0]}" : $"[{string.Join(", ", Values.Select(v => v?.ToString() ?? "None"))}]";

    /// <summary>Writes the int or the list; sizes only travel to PyTorch.</summary>
    private sealed class OracleSizeConverter : JsonConverter<OracleSize>
    {
        public override OracleSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Sizes are only written.");

        public override void Write(Utf8JsonWriter writer, OracleSize value, JsonSerializerOptions options)
        {
            if (value.IsScalar)
            {
                writer.WriteNumberValue(value.Values[0]!.Value);
                return;
            }

            writer.WriteStartArray();
            foreach (int? v in value.Values)
            {
                if (v is { } size)
                {
                    writer.WriteNumberValue(size);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }
    }
}
