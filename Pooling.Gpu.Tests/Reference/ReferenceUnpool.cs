namespace Pooling.Gpu.Tests;

/// <summary>
/// Float64 max unpooling as PyTorch's CPU kernel does it: a zero output, each plane's inputs
/// written in order at their indices (so the last of several with the same index stays);
/// backward reads the output gradient at each input's index.
/// </summary>
public static class ReferenceUnpool
{
    public static ReferenceResult Forward(float[] x, long[] indices, TensorShape input, TensorShape output)
    {
        var values = new double[output.Length];
        for (long i = 0; i < input.Length; i++)
        {
            values[i / input.PlaneLength * output.PlaneLength + indices[i]] = x[i];
        }

        return new ReferenceResult(output, values, new long[output.Length], new double[output.Length]);
    }

    public static ReferenceGradient Backward(float[] gradOutput, long[] indices, TensorShape input, TensorShape output)
    {
        var grad = new double[input.Length];
        for (long i = 0; i < input.Length; i++)
        {
            grad[i] = gradOutput[i / input.PlaneLength * output.PlaneLength + indices[i]];
        }

        return new ReferenceGradient(grad, new double[input.Length], Enumerable.Repeat(1, (int)input.Length).ToArray());
    }
}
