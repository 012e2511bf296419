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
    /// Checks padding against the kernel and the input's shape as PyTorch does, and returns the
    /// output shape. Kernel, stride and dilation are already positive (the options check them).
    /// </summary>
    /// <param name="input">Input shape.</param>
    /// <param name="op">PyTorch's name of the op, for messages.</param>
    /// <param name="spatialRank">The op's spatial rank (1, 2 or 3).</param>
    /// <param name="axes">Kernel, stride, padding and dilation along D, H and W (unused axes are <see cref="AxisSpec.Unit"/>).</param>
    /// <param name="ceilMode">Ceil mode.</param>
    /// <param name="inputAtLeastKernel">Also require every spatial size to be at least the kernel's, padding or not (avg_pool3d's rule).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Padding is more than half the effective kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentException">The input has another spatial rank, or C or a spatial size is zero.</exception>
    internal static TensorShape WindowOutputShape(
        TensorShape input, string op, int spatialRank, (AxisSpec D, AxisSpec H, AxisSpec W) axes, bool ceilMode, bool inputAtLeastKernel = false)
    {
        // Every call runs these checks: nothing here allocates unless it throws.
        CheckPadding(axes.D);
        CheckPadding(axes.H);
        CheckPadding(axes.W);
        CheckSpatialRank(input, spatialRank, op);
        if (input.C == 0 || input.PlaneLength == 0)
        {
            // PyTorch's 3D message prints the empty dim's size (always 0) where it means its position.
            throw new ArgumentException(
                spatialRank == 3
                    ? $"{op}(): Expected input's non-batch dimensions to have positive length, but input has a shape of [{string.Join(", ", input.Sizes())}] and non-batch dimension 0 has length zero!"
                    : $"Expected {spatialRank + 1}D or {spatialRank + 2}D (batch mode) tensor with optional 0 dim batch size for input, but got:[{string.Join(", ", input.Sizes())}]",
                nameof(input));
        }

        if (inputAtLeastKernel && (input.D < axes.D.Kernel || input.H < axes.H.Kernel || input.W < axes.W.Kernel))
        {
            throw new ArgumentOutOfRangeException(
                nameof(input),
                input,
                $"input image (T: {input.D} H: {input.H} W: {input.W}) smaller than kernel size (kT: {axes.D.Kernel} kH: {axes.H.Kernel} kW: {axes.W.Kernel})");
        }

        // Checked before a shape is made of them: a TensorShape refuses a negative size in its own words.
        long d = OutputSize(input.D, axes.D.Kernel, axes.D.Stride, axes.D.Padding, axes.D.Dilation, ceilMode);
        long h = OutputSize(input.H, axes.H.Kernel, axes.H.Stride, axes.H.Padding, axes.H.Dilation, ceilMode);
        long w = OutputSize(input.W, axes.W.Kernel, axes.W.Stride, axes.W.Padding, axes.W.Dilation, ceilMode);
        return NotTooSmall(input, d, h, w, spatialRank, pooledAs2d: true);
    }

    /// <summary>
    /// <paramref name="input"/> with the spatial sizes (d, h, w) of an op's output, or PyTorch's
    /// "Output size is too small" when one is below 1. Its message prints C and the spatial sizes
    /// of the rank (<c>CxHxW</c>); in 1D <c>Cx1xL</c> where PyTorch runs the op as 2D
    /// (<paramref name="pooledAs2d"/>: pooling), else <c>CxL</c> (unpooling).
    /// </summary>
    internal static TensorShape NotTooSmall(TensorShape input, long d, long h, long w, int spatialRank, bool pooledAs2d) =>
        d < 1 || h < 1 || w < 1
            ? throw new ArgumentOutOfRangeException(
                nameof(input),
                input,
                $"Given input size: ({Spatial(input.C, input.D, input.H, input.W, spatialRank, pooledAs2d)}). Calculated output size: ({Spatial(input.C, d, h, w, spatialRank, pooledAs2d)}). Output size is too small")
            : input.WithSpatial(d, h, w);

    /// <summary>Checks an adaptive op's input and output size, and returns the output shape.</summary>
    /// <param name="input">Input shape.</param>
    /// <param name="outputSize">The requested (OD, OH, OW); unused dims 1; all at least 1.</param>
    /// <param name="op">PyTorch's name of the op, for the message.</param>
    /// <param name="spatialRank">The op's spatial rank (1, 2 or 3).</param>
    /// <returns>The output shape, of the input's rank and layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An output size is less than 1, or its product with the input's size passes long.MaxValue.</exception>
    /// <exception cref="ArgumentException">The input has another spatial rank, a spatial size is zero, or C is (batched, except in adaptive_avg_pool1d/2d).</exception>
    internal static TensorShape AdaptiveOutputShape(TensorShape input, (long D, long H, long W) outputSize, string op, int spatialRank)
    {
        // Every call runs these checks: the arrays below are made only for an error's message.
        if ((spatialRank > 2 && outputSize.D < 1) || (spatialRank > 1 && outputSize.H < 1) || outputSize.W < 1)
        {
            long[] requested = SpatialSizes(outputSize.D, outputSize.H, outputSize.W, spatialRank);
            throw new ArgumentOutOfRangeException(
                nameof(outputSize),
                outputSize,
                $"{op}: elements of output_size must be greater than or equal to 1 but received {{{string.Join(", ", requested)}}}");
        }

        CheckSpatialRank(input, spatialRank, op);

        // PyTorch 1.13's rule, op by op: every dim after the first must be non-empty, but
        // adaptive_avg_pool1d/2d check the spatial dims only. So C = 0 is an empty result for an
        // unbatched input (C is its first dim), and for a batched one in avg 1d/2d only.
        bool channelsChecked = input.IsBatched && op is not ("adaptive_avg_pool1d" or "adaptive_avg_pool2d");
        if ((channelsChecked && input.C == 0) || (spatialRank > 2 && input.D == 0) || (spatialRank > 1 && input.H == 0) || input.W == 0)
        {
            var sizes = input.Sizes();
            int d = sizes.Length - spatialRank - (channelsChecked ? 1 : 0);
            while (sizes[d] != 0)
            {
                d++;
            }

            throw new ArgumentException(
                $"{op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [{string.Join(", ", sizes)}] with dimension {d} being empty",
                nameof(input));
        }

        // The windows come from products of an index and a size, up to input * output per axis
        // (forward and backward): past long.MaxValue they would wrap into wrong, even negative, windows.
        if ((spatialRank > 2 && input.D > long.MaxValue / outputSize.D) || (spatialRank > 1 && input.H > long.MaxValue / outputSize.H)
            || input.W > long.MaxValue / outputSize.W)
        {
            long[] inputs = SpatialSizes(input.D, input.H, input.W, spatialRank);
            long[] requested = SpatialSizes(outputSize.D, outputSize.H, outputSize.W, spatialRank);
            string[] axes = spatialRank switch { 1 => ["L"], 2 => ["H", "W"], _ => ["D", "H", "W"] };
            int axis = 0;
            while (inputs[axis] <= long.MaxValue / requested[axis])
            {
                axis++;
            }

            throw new ArgumentOutOfRangeException(
                nameof(outputSize),
                outputSize,
                $"{op}: input size {inputs[axis]} times output size {requested[axis]} along {axes[axis]} is more than {long.MaxValue}; the windows cannot be computed in 64 bits");
        }

        return input.WithSpatial(outputSize.D, outputSize.H, outputSize.W);
    }

    /// <summary>The sizes of the op's spatial axes, outermost first: (W), (H, W) or (D, H, W).</summary>
    private static long[] SpatialSizes(long d, long h, long w, int spatialRank) =>
        spatialRank switch { 1 => [w], 2 => [h, w], _ => [d, h, w] };

    /// <summary>The 2D adaptive form: output (H, W), null keeping the input's.</summary>
    internal static TensorShape AdaptiveOutputShape(TensorShape input, AdaptiveSize2 outputSize, string op) =>
        AdaptiveSize.Of2d(op, outputSize).OutputShape(input);

    /// <summary>Checks that a shape has the op's spatial rank.</summary>
    /// <exception cref="ArgumentException">It has another.</exception>
    internal static void CheckSpatialRank(TensorShape input, int spatialRank, string op)
    {
        if (input.SpatialRank != spatialRank)
        {
            string[] forms = ["(N, C, L) or (C, L)", "(N, C, H, W) or (C, H, W)", "(N, C, D, H, W) or (C, D, H, W)"];
            throw new ArgumentException(
                $"{op} takes a {spatialRank}D shape {forms[spatialRank - 1]}, but got the {input.SpatialRank}D shape {input}.", nameof(input));
        }
    }

    private static void CheckPadding(AxisSpec axis)
    {
        if (axis.Padding > ((long)(axis.Kernel - 1) * axis.Dilation + 1) / 2)
        {
            throw new ArgumentOutOfRangeException(
                "Padding", axis.Padding, $"pad should be at most half of effective kernel size, but got pad={axis.Padding}, kernel_size={axis.Kernel} and dilation={axis.Dilation}");
        }
    }

    /// <summary>
    /// A kernel size, stride or dilation (named by <paramref name="option"/>): every axis
    /// positive, else PyTorch's message, e.g. "kernel size should be greater than zero, but got
    /// kH: 0 kW: 2" (kT, dT, dilationT in 3D; 1D is pooled as 2D with a height of 1, as PyTorch does).
    /// </summary>
    internal static TSize CheckPositive<TSize>(TSize value, string option)
        where TSize : struct
    {
        var (d, h, w) = SpatialSize.Values(value, 1);
        if (d > 0 && h > 0 && w > 0)
        {
            return value;
        }

        var (name, prefix) = option switch
        {
            "KernelSize" => ("kernel size", "k"),
            "Stride" => ("stride", "d"),
            _ => ("dilation", "dilation"),
        };
        string got = SpatialSize.Rank<TSize>() == 3 ? $"{prefix}T: {d} {prefix}H: {h} {prefix}W: {w}" : $"{prefix}H: {h} {prefix}W: {w}";
        throw new ArgumentOutOfRangeException(option, value, $"{name} should be greater than zero, but got {got}");
    }

    /// <summary>A padding (named by <paramref name="option"/>): no axis negative, else PyTorch's message.</summary>
    internal static TSize CheckNotNegative<TSize>(TSize value, string option)
        where TSize : struct
    {
        var (d, h, w) = SpatialSize.Values(value, 0);
        int pad = Math.Min(d, Math.Min(h, w));
        return pad >= 0 ? value : throw new ArgumentOutOfRangeException(option, value, $"pad must be non-negative, but got pad: {(d < 0 ? d : h < 0 ? h : w)}");
    }

    /// <summary>PyTorch's name of an option (kernel_size, stride, dilation, padding).</summary>
    internal static string TorchName(string option) => option switch
    {
        "KernelSize" => "kernel_size",
        _ => option.ToLowerInvariant(),
    };

    /// <summary>An average pooling's divisor override: not zero.</summary>
    internal static int? CheckDivisor(int? divisor) =>
        divisor == 0 ? throw new ArgumentOutOfRangeException("DivisorOverride", divisor, "divisor must be not zero") : divisor;

    /// <summary>C and the spatial sizes as PyTorch prints them (see <see cref="NotTooSmall"/>).</summary>
    private static string Spatial(long c, long d, long h, long w, int spatialRank, bool pooledAs2d)
    {
        long[] sizes = spatialRank switch { 1 => pooledAs2d ? [c, 1, w] : [c, w], 2 => [c, h, w], _ => [c, d, h, w] };
        return string.Join("x", sizes);
    }

    /// <summary>A power-average pooling's p: finite and not zero (PyTorch fails on 0 and gives 1 everywhere for inf).</summary>
    internal static double CheckNormType(double normType) =>
        double.IsFinite(normType) && normType != 0
            ? normType
            : throw new ArgumentOutOfRangeException("NormType", normType, $"norm_type must be finite and not zero, but got {(double.IsNaN(normType) ? "nan" : normType > 0 ? "inf" : normType < 0 ? "-inf" : "0")}");

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
