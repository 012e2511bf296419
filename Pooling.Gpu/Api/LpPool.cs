using ILGPU.Runtime;

namespace Pooling.Gpu;

// lp_pool1d, lp_pool2d and lp_pool3d (power-average pooling) and their backward. The options' type
// gives the rank.
public sealed partial class PoolingEngine
{
    /// <summary>Power-average pooling (lp_pool1d, lp_pool2d or lp_pool3d, by the options' rank) into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32; the powers are taken in float64); integer types are refused, as in PyTorch (int64 too, which PyTorch's CPU backend averages by integer division).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">An <see cref="LPPool1dOptions"/>, <see cref="LPPool2dOptions"/> or <see cref="LPPool3dOptions"/> (PyTorch 2.2's lp_pool3d): p, kernel, stride, ceil mode.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="PoolOptions{TSize}.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule (see <see cref="PoolOptions{TSize}.OutputShape"/>), or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> LPPool<T, TSize>(DeviceTensor<T> input, LPPoolOptions<TSize> options, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct
    {
        var shape = CheckWindowPool(input, options, computesInDouble: true);
        CheckAveraged<T>(options.Op);
        using var dense = Dense(input, stream);
        return NewTensor<T>(shape, output => dispatch.LpPool(dense.Tensor, shape, PowerAverageWindows(input.Shape, shape, options), output.View, NormOf(options), stream));
    }

    /// <summary>Power-average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32; the powers are taken in float64); integer types are refused, as in PyTorch (int64 too, which PyTorch's CPU backend averages by integer division).</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="input">Input (N, C, *) or (C, *), * being the options' spatial axes (L; H, W; or D, H, W), either layout (channels-first or channels-last).</param>
    /// <param name="options">An <see cref="LPPool1dOptions"/>, <see cref="LPPool2dOptions"/> or <see cref="LPPool3dOptions"/> (PyTorch 2.2's lp_pool3d): p, kernel, stride, ceil mode.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="PoolOptions{TSize}.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape, or <typeparamref name="T"/> is an integer type.</exception>
    public void LPPool<T, TSize>(DeviceTensor<T> input, LPPoolOptions<TSize> options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => LPPoolInto(input, options, output, stream);

    /// <summary>
    /// Power-average pooling backward, PyTorch's autograd of its formula: each input element gathers
    /// the gradients of the windows that cover it and multiplies their sum by <c>p*x^(p-1)</c>
    /// (deterministic). Where a window's mean s of <c>x^p</c> is 0, its gradient is 0 (PyTorch's
    /// relu makes it so), but an input 0 with p &lt; 1 then gets <c>0 * inf = NaN</c>, as in PyTorch.
    /// The forward output stands for s: where it overflowed to infinity (p &lt; 1, or a float16
    /// output) the gradient is 0 or infinite where PyTorch's, from the unrounded s, is finite.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <typeparam name="TSize">The options' size type: int (1D), <see cref="Size2"/> (2D) or <see cref="Size3"/> (3D); inferred from <paramref name="options"/>.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="PoolOptions{TSize}.OutputShape"/> of the input's.</param>
    /// <param name="input">The forward call's input.</param>
    /// <param name="output">The forward call's output.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; the input's shape. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or tensors overlap, or <typeparamref name="T"/> is an integer type.</exception>
    public void LPPoolBackward<T, TSize>(
        DeviceTensor<T> gradOutput, DeviceTensor<T> input, DeviceTensor<T> output, LPPoolOptions<TSize> options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
        where TSize : struct => LPPoolBackwardInto(gradOutput, input, output, options, gradInput, stream);

    internal void LPPoolInto<T>(DeviceTensor<T> input, ILpOptions options, DeviceTensor<T> output, AcceleratorStream? stream)
        where T : unmanaged
    {
        var shape = CheckWindowPool(input, options, computesInDouble: true);
        CheckAveraged<T>(options.Op);
        CheckOutput(output, shape, nameof(output), input, options.Op);
        using var dense = Dense(input, stream);
        dispatch.LpPool(dense.Tensor, shape, PowerAverageWindows(input.Shape, shape, options), output.View, NormOf(options), stream);
    }

    internal void LPPoolBackwardInto<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<T> input, DeviceTensor<T> output, ILpOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream)
        where T : unmanaged
    {
        CheckGradient(gradInput, nameof(gradInput), computesInDouble: true);
        ArgumentNullException.ThrowIfNull(options);
        var shape = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, shape, gradInput.Shape, options.Op);
        CheckTensor(input, nameof(input));
        if (input.Shape != gradInput.Shape)
        {
            throw new ArgumentException($"input has shape {input.Shape}, but gradInput has shape {gradInput.Shape}: both are the forward call's input's.", nameof(input));
        }

        CheckOutput(gradInput, gradInput.Shape, nameof(gradInput), input, options.Op);
        CheckApart(output, shape, nameof(output), gradInput, options.Op);
        using var denseGradOutput = Dense(gradOutput, stream);
        using var denseOutput = Dense(output, stream);
        using var dense = Dense(input, stream);
        dispatch.LpBackward(denseGradOutput.Tensor, denseOutput.Tensor, dense.Tensor, PowerAverageWindows(gradInput.Shape, shape, options), NormOf(options), gradInput, stream);
    }

    /// <summary>PyTorch's avg_pool windows with padding 0; count_include_pad (its default) then counts the clipped window.</summary>
    private static StridedWindows PowerAverageWindows(TensorShape input, TensorShape output, ILpOptions options)
    {
        var axes = options.Axes;
        return new(PoolShape.Of(input, output), axes.D, axes.H, axes.W, PaddingInDivisor.Included);
    }

    private static LpNorm NormOf(ILpOptions options)
    {
        var (d, h, w) = options.Axes;
        return LpNorm.Of(options.NormType, (long)d.Kernel * h.Kernel * w.Kernel);
    }
}
