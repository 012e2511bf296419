namespace Pooling.Gpu.Tests;

/// <summary>
/// PyTorch's <c>pow</c> of a tensor and a scalar, in float64: C's <c>pow</c> (.NET's IEEE
/// <c>Math.Pow</c>), except for the exponents its CPU and CUDA kernels compute otherwise: 0.5 as
/// <c>sqrt</c> and -0.5 as <c>rsqrt</c>, which differ from C at -inf (NaN) and -0 (-0, -inf).
/// Its other special cases (2, 3, -1, -2 by multiplication and division) agree with C's values.
/// </summary>
public static class TorchPow
{
    public static double Of(double x, double y) => y switch
    {
        0.5 => Math.Sqrt(x),
        -0.5 => 1 / Math.Sqrt(x),
        _ => Math.Pow(x, y),
    };
}
