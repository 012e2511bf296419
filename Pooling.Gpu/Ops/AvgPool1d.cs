using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary><c>avg_pool1d</c>: mean over strided, padded windows of (N, C, L) inputs, and its backward.</summary>
public sealed partial class PoolingEngine
{
    /// <summary>1D average pooling into a new tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout (NCL or NLC).</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The pooled tensor, of shape <see cref="AvgPool1dOptions.OutputShape"/>.</returns>
    /// <exception cref="ArgumentException">An argument breaks a rule; see <see cref="AvgPool1dOptions.OutputShape"/>.</exception>
    public DeviceTensor<T> AvgPool1d<T>(DeviceTensor<T> input, AvgPool1dOptions options, AcceleratorStream? stream = null)
        where T : unmanaged => AvgPoolNew(input, options, stream);

    /// <summary>1D average pooling into a caller's tensor; nothing is written if an argument is rejected.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16 (fp16 and bf16 sum in float32).</typeparam>
    /// <param name="input">Input (N, C, L) or (C, L), either layout.</param>
    /// <param name="options">Kernel, stride, padding, ceil mode, count_include_pad.</param>
    /// <param name="output">Receives the result; its shape must be <see cref="AvgPool1dOptions.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">An argument breaks a rule, or <paramref name="output"/> has the wrong shape.</exception>
    public void AvgPool1d<T>(DeviceTensor<T> input, AvgPool1dOptions options, DeviceTensor<T> output, AcceleratorStream? stream = null)
        where T : unmanaged => AvgPoolInto(input, options, output, stream);

    /// <summary>avg_pool1d backward: each input element gathers the gradients of the windows that cover it over their divisors (deterministic).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="AvgPool1dOptions.OutputShape"/> of the input's.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call, or an option breaks a rule.</exception>
    public void AvgPool1dBackward<T>(DeviceTensor<T> gradOutput, AvgPool1dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AvgPoolBackwardInto(gradOutput, options, gradInput, stream);
}
