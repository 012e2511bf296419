namespace Pooling.Gpu.Tests;

/// <summary>One op call for the PyTorch oracle.</summary>
/// <param name="Id">Names the case in the results and in failure messages.</param>
/// <param name="Op">One of the <see cref="OracleOp"/> names.</param>
/// <param name="Shape">Input shape, (N, C, H, W) or (C, H, W).</param>
/// <param name="Input">Input values, contiguous in <paramref name="Shape"/> (empty for an integer <paramref name="DType"/>).</param>
/// <param name="Params">The op's parameters.</param>
/// <param name="GradOutput">When set, PyTorch also runs backward with this gradient of the output.</param>
/// <param name="DType">
/// PyTorch's dtype name ("float32", "float64", "float16", "bfloat16"; or "int8", "uint8", "int16",
/// "int32", "int64", whose values are <paramref name="IntegerInput"/>); the values must be representable in it.
/// </param>
/// <param name="ChannelsLast">
/// Run PyTorch on a channels-last input: channels_last for 4D shapes, channels_last_3d for 5D,
/// and for 3D (N, C, L) a tensor with NLC strides.
/// </param>
/// <param name="Indices">An int64 index input of the op, of the input's shape (max_unpool2d's indices).</param>
/// <param name="IntegerInput">The input values of an integer <paramref name="DType"/>, contiguous in <paramref name="Shape"/>.</param>
/// <param name="View">When set, PyTorch pools this strided view, of <paramref name="Shape"/>, of a base tensor whose values <paramref name="Input"/> holds.</param>
public sealed record OracleCase(
    string Id, string Op, long[] Shape, float[] Input, OracleParams Params, float[]? GradOutput = null, string DType = "float32", bool ChannelsLast = false,
    long[]? Indices = null, long[]? IntegerInput = null, OracleView? View = null);
