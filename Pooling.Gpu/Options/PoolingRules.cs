namespace Pooling.Gpu;

/// <summary>
/// PyTorch's shape rules and validation for window pooling, shared by every op. Messages use
/// PyTorch's wording so that a user can search for them.
/// </summary>
public static class PoolingRules
{
    /// <summary>
    /// The output size of one spatial dimension:
    /// <c>floor((in + 2*pad - d*(k-1) - 1 + (ceil ? stride-1 : 0)) / stride) + 1</c>, then one less
    /// in ceil mode when the last window would start in the right padding.
    /// </summary>
    /// <param name="inputSize">Input size along the dimension.</param>
    /// <param name="kernel">Kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Padding on each side.</param>
    /// <param name="dilation">Dilation (1 for average pooling).</param>
    /// <param name="ceilMode">Round the window count up instead of down.</param>
    /// <returns>The output size; may be zero or negative when the input is too small.</returns>
    public static long OutputSize(long inputSize, int kernel, int stride, int padding, int dilation, bool ceilMode)
    {
        long span = inputSize + 2L * padding - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long size = FloorDiv(span, stride) + 1;
        if (ceilMode && (size - 1) * stride >= inputSize + padding)
        {
            size--;
        }

        return size;
    }

    /// <summary>
    /// Checks kernel, stride, padding and dilation as PyTorch does, and returns the output shape.
    /// </summary>
    /// <param name="input">Input shape.</param>
    /// <param name="kernel">Kernel size.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Padding.</param>
    /// <param name="dilation">Dilation.</param>
    /// <param name="ceilMode">Ceil mode.</param>
    /// <returns>The output shape, of the input's rank.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">C, H or W of the input is zero.</exception>
    internal static TensorShape WindowOutputShape(TensorShape input, Size2 kernel, Size2 stride, Size2 padding, Size2 dilation, bool ceilMode)
    {
        CheckKernel(kernel);
        CheckStride(stride);
        CheckDilation(dilation);
        CheckPadding(padding, kernel, dilation);
        if (input.C == 0 || input.H == 0 || input.W == 0)
        {
            throw new ArgumentException(
                $"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:{input}", nameof(input));
        }

        long oh = OutputSize(input.H, kernel.Height, stride.Height, padding.Height, dilation.Height, ceilMode);
        long ow = OutputSize(input.W, kernel.Width, stride.Width, padding.Width, dilation.Width, ceilMode);
        if (oh < 1 || ow < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                input,
                $"Given input size: ({input.C}x{input.H}x{input.W}). Calculated output size: ({input.C}x{oh}x{ow}). Output size is too small");
        }

        return input.WithSpatial(oh, ow);
    }

    /// <summary>Checks an adaptive op's input and output size, and returns the output shape.</summary>
    /// <param name="input">Input shape.</param>
    /// <param name="outputSize">The requested (OH, OW); both at least 1.</param>
    /// <param name="op">PyTorch's name of the op, for the message.</param>
    /// <returns>The output shape, of the input's rank.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An output size is less than 1, or its product with the input's size passes long.MaxValue.</exception>
    /// <exception cref="ArgumentException">C, H or W of the input is zero.</exception>
    internal static TensorShape AdaptiveOutputShape(TensorShape input, Size2 outputSize, string op)
    {
        if (outputSize.Height < 1 || outputSize.Width < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(outputSize),
                outputSize,
                $"{op}: elements of output_size must be greater than or equal to 1 but received {{{outputSize.Height}, {outputSize.Width}}}");
        }

        CheckAdaptiveInput(input, op);

        // The windows come from products of an index and a size, up to input * output per axis
        // (forward and backward): past long.MaxValue they would wrap into wrong, even negative, windows.
        foreach (var (size, outputs, axis) in new[] { (input.H, outputSize.Height, "H"), (input.W, outputSize.Width, "W") })
        {
            if (size > long.MaxValue / outputs)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(outputSize),
                    outputSize,
                    $"{op}: input size {size} times output size {outputs} along {axis} is more than {long.MaxValue}; the windows cannot be computed in 64 bits");
            }
        }

        return input.WithSpatial(outputSize.Height, outputSize.Width);
    }

    /// <summary>Checks that the input of an adaptive op has non-empty C, H and W.</summary>
    /// <param name="input">Input shape.</param>
    /// <param name="op">PyTorch's name of the op, for the message.</param>
    /// <exception cref="ArgumentException">C, H or W is zero.</exception>
    private static void CheckAdaptiveInput(TensorShape input, string op)
    {
        long[] sizes = input.Rank == 3 ? [input.C, input.H, input.W] : [input.N, input.C, input.H, input.W];
        for (int d = sizes.Length - 3; d < sizes.Length; d++)
        {
            if (sizes[d] == 0)
            {
                throw new ArgumentException(
                    $"{op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {input} with dimension {d} being empty",
                    nameof(input));
            }
        }
    }

    internal static Size2 CheckKernel(Size2 kernel, string paramName = "KernelSize")
    {
        if (kernel.Height <= 0 || kernel.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, kernel, $"kernel size should be greater than zero, but got kH: {kernel.Height} kW: {kernel.Width}");
        }

        return kernel;
    }

    internal static Size2 CheckStride(Size2 stride, string paramName = "Stride")
    {
        if (stride.Height <= 0 || stride.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, stride, $"stride should be greater than zero, but got dH: {stride.Height} dW: {stride.Width}");
        }

        return stride;
    }

    internal static Size2 CheckDilation(Size2 dilation, string paramName = "Dilation")
    {
        if (dilation.Height <= 0 || dilation.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName, dilation, $"dilation should be greater than zero, but got dilationH: {dilation.Height} dilationW: {dilation.Width}");
        }

        return dilation;
    }

    internal static Size2 CheckPaddingSign(Size2 padding, string paramName = "Padding")
    {
        foreach (int pad in new[] { padding.Height, padding.Width })
        {
            if (pad < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, padding, $"pad must be non-negative, but got pad: {pad}");
            }
        }

        return padding;
    }

    private static void CheckPadding(Size2 padding, Size2 kernel, Size2 dilation)
    {
        CheckPaddingSign(padding);
        foreach (var (pad, k, d) in new[] { (padding.Height, kernel.Height, dilation.Height), (padding.Width, kernel.Width, dilation.Width) })
        {
            if (pad > ((long)(k - 1) * d + 1) / 2)
            {
                throw new ArgumentOutOfRangeException(
                    "Padding", padding, $"pad should be at most half of effective kernel size, but got pad={pad}, kernel_size={k} and dilation={d}");
            }
        }
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
