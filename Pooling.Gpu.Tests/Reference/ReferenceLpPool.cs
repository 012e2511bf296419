namespace Pooling.Gpu.Tests;

/// <summary>
/// Float64 power-average pooling from PyTorch's definition, with its <c>pow</c> (<see cref="TorchPow"/>):
/// <c>s = avg_pool(x^p)</c> over windows without padding (the divisor is the window's size inside
/// the input), <c>y = (sign(s) * relu(|s|) * K)^(1/p)</c>, and the gradient by the chain rule
/// through each of those terms, written from <c>s</c> (the library works from <c>y</c>).
/// </summary>
public static class ReferenceLpPool
{
    /// <summary>
    /// The output, with each output's tolerance scale: how much float32 rounding of the sum of
    /// <c>x^p</c> (relative to the sum of <c>|x^p|</c>) moves y, <c>|y| * sum|x^p| / (|p| * |sum x^p|)</c>;
    /// infinite where that rounding can reach 0 (<see cref="Undetermined"/>).
    /// </summary>
    public static ReferenceResult Forward(float[] x, PoolWindows windows, TensorShape input, double p, long kernelArea) =>
        windows.Forward(input, (plane, window) =>
        {
            var (s, scale, count) = Mean(x, plane, window, input, p);
            double y = TorchPow.Of(Sign(s) * Math.Abs(s) * kernelArea, 1 / p);
            return (y, -1, Undetermined(s, scale, count) ? double.PositiveInfinity : Finite(Math.Abs(y) * scale / (Math.Abs(p) * Math.Abs(s))));
        });

    /// <summary>
    /// The input's gradient: per window, PyTorch's autograd of y through pow, mul, sign*relu(abs)
    /// (zero where s = 0), over the window's size, summed per input and multiplied by
    /// <c>p * x^(p-1)</c>. Magnitudes are each element's sum of |share| scaled by its windows'
    /// conditioning, as in <see cref="Forward"/>, infinite where one of its windows is undetermined.
    /// </summary>
    public static ReferenceGradient Backward(float[] x, float[] gradOutput, PoolWindows windows, TensorShape input, double p, long kernelArea)
    {
        var gradPower = new double[input.Length];
        var magnitude = new double[input.Length];
        var count = new int[input.Length];
        windows.ForEach(input, (plane, o, window) =>
        {
            var (s, scale, positions) = Mean(x, plane, window, input, p);
            double sign = Sign(s);
            double v = sign * Math.Abs(s) * kernelArea;
            double gradV = gradOutput[o] * (1 / p * TorchPow.Of(v, 1 / p - 1));
            double gradRelu = gradV * kernelArea * sign;
            double gradS = (Math.Abs(s) <= 0 ? 0 : gradRelu) * sign;
            double share = gradS / window.Divisor;
            bool undetermined = Undetermined(s, scale, positions);
            double conditioning = 1 + Finite(scale / Math.Abs(s));
            foreach (long at in window.Positions(input))
            {
                long target = plane * input.PlaneLength + at;
                gradPower[target] += share;
                magnitude[target] += undetermined ? double.PositiveInfinity : Math.Abs(share) * conditioning;
                count[target]++;
            }
        });

        var grad = new double[input.Length];
        for (long i = 0; i < input.Length; i++)
        {
            double derivative = p * TorchPow.Of(x[i], p - 1);
            grad[i] = gradPower[i] * derivative;
            magnitude[i] = double.IsPositiveInfinity(magnitude[i]) ? magnitude[i] : Finite(magnitude[i] * Math.Abs(derivative));
        }

        return new ReferenceGradient(grad, magnitude, count);
    }

    /// <summary>The window's mean of x^p, the mean of |x^p|, and its count of positions.</summary>
    private static (double Mean, double Scale, int Count) Mean(float[] x, long plane, Window window, TensorShape input, double p)
    {
        double sum = 0, scale = 0;
        int count = 0;
        foreach (long at in window.Positions(input))
        {
            double power = TorchPow.Of(x[plane * input.PlaneLength + at], p);
            sum += power;
            scale += Math.Abs(power);
            count++;
        }

        return (sum / window.Divisor, scale / window.Divisor, count);
    }

    /// <summary>
    /// Whether float32 arithmetic leaves a window's mean undetermined: the powers' roundings and the
    /// sum's (at most <paramref name="count"/> units of 2^-24 of the sum of |x^p|) can reach a mean
    /// this close to 0, which then comes out 0 or of either sign, and y anything from the
    /// reference's value to an infinity (PyTorch's float32 sum as much as the library's).
    /// </summary>
    private static bool Undetermined(double mean, double scale, int count) =>
        scale > 0 && double.IsFinite(scale) && Math.Abs(mean) <= count * Math.Pow(2, -24) * scale;

    /// <summary>A tolerance scale where it is a number; 0 where infinities or NaN make the value itself non-finite or exact.</summary>
    private static double Finite(double scale) => double.IsFinite(scale) ? scale : 0;

    /// <summary>torch.sign: 0 for NaN.</summary>
    private static double Sign(double value) => value > 0 ? 1 : value < 0 ? -1 : 0;
}
