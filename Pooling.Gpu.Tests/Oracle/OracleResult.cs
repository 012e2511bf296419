namespace Pooling.Gpu.Tests;

/// <summary>PyTorch's answer to one <see cref="OracleCase"/>.</summary>
/// <param name="Id">The case's id.</param>
/// <param name="OutputShape">The output's shape; empty when <paramref name="Error"/> is set.</param>
/// <param name="Output">The output values; empty when <paramref name="Error"/> is set.</param>
/// <param name="Indices">The max ops' int64 indices (<c>h*W + w</c> in each plane) when asked for.</param>
/// <param name="GradInput">The gradient of the input when the case had a gradient of the output.</param>
/// <param name="Error">The first line of PyTorch's exception when it rejected the case; otherwise null.</param>
/// <param name="Output64">The output values as float64 (exact for every dtype); empty when <paramref name="Error"/> is set.</param>
/// <param name="GradInput64">The gradient of the input as float64, when there is one.</param>
/// <param name="OutputInt64">The output values of an integer case (whose <paramref name="Output"/> is empty).</param>
public sealed record OracleResult(
    string Id, long[] OutputShape, float[] Output, long[]? Indices, float[]? GradInput, string? Error, double[] Output64, double[]? GradInput64, long[]? OutputInt64 = null);
