using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>
/// Backward of max_pool2d, adaptive_max_pool2d and global max pooling: each input element gathers
/// the gradients of the windows whose recorded maximum it is (deterministic, no atomics); ties
/// went to the first maximum, so only it receives a gradient. Also the compact-index helpers.
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>
    /// Max pooling backward from compact indices, for any of the max poolings (the indices know
    /// their windows): <paramref name="gradInput"/> receives, per input element, the sum of the
    /// gradients of the windows whose maximum it is, and 0 elsewhere.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="gradInput">Receives the input's gradient; shape <see cref="MaxPoolIndices.InputShape"/>. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call.</exception>
    public void MaxPoolBackward<T>(DeviceTensor<T> gradOutput, MaxPoolIndices indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        var ops = CheckInput(gradInput, nameof(gradInput));
        CheckGradients(gradOutput, gradInput, indices.OutputShape, indices.InputShape, "max pooling");
        CheckIndices(indices);
        switch (indices.Geometry)
        {
            case StridedWindows strided:
                ops.MaxBackward(this, gradOutput, strided, indices, gradInput, stream);
                break;
            case AdaptiveWindows adaptive:
                ops.MaxBackward(this, gradOutput, adaptive, indices, gradInput, stream);
                break;
        }
    }

    /// <summary>Max pooling backward from compact indices into a new gradient tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The input's gradient, of shape <see cref="MaxPoolIndices.InputShape"/>.</returns>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call.</exception>
    public DeviceTensor<T> MaxPoolBackward<T>(DeviceTensor<T> gradOutput, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckInput(gradOutput, nameof(gradOutput));
        return NewTensor<T>(indices.InputShape, gradInput => MaxPoolBackward(gradOutput, indices, gradInput, stream));
    }

    /// <summary>max_pool2d backward from PyTorch-form indices (int64 <c>h*W + w</c> per plane).</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void MaxPool2dBackward<T>(
        DeviceTensor<T> gradOutput, DeviceTensor<long> indices, MaxPool2dOptions options, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => MaxPoolBackwardInto(gradOutput, indices, options, gradInput, stream);

    /// <summary>adaptive_max_pool2d backward from PyTorch-form indices.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveMaxPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged => AdaptiveMaxBackwardInto(gradOutput, indices, gradInput, "adaptive_max_pool2d", 2, stream);

    /// <summary>Global max pooling backward from PyTorch-form indices: each plane's gradient goes to its maximum.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, 1, 1).</param>
    /// <param name="indices">The forward call's indices, (N, C, 1, 1).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void GlobalMaxPool2dBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<long> indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, 1, "adaptive_max_pool2d");
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "global max pooling");
        CheckOutput(indices, output, nameof(indices), gradInput, "global max pooling");
        ops.MaxBackward(this, gradOutput, new AdaptiveWindows(PoolShape.Of(gradInput.Shape, output)), indices, gradInput, stream);
    }

    /// <summary>Compact indices for adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <param name="outputSize">The output size they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid, or a window has more than 2^32 positions.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPoolIndices(TensorShape input, Size2 outputSize) =>
        AdaptiveIndicesFor(input, AdaptiveSize.Of2d("adaptive_max_pool2d", outputSize));

    /// <summary>Compact indices for global max pooling of inputs of shape <paramref name="input"/>.</summary>
    /// <param name="input">The input shape (and layout) the indices will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per plane when H*W is at most 256, else 4.</returns>
    /// <exception cref="ArgumentException">The shape is invalid, or a plane has more than 2^32 elements.</exception>
    public MaxPoolIndices AllocateGlobalMaxPoolIndices(TensorShape input) => AllocateAdaptiveMaxPoolIndices(input, 1);

    /// <summary>Converts compact indices to PyTorch's int64 <c>h*W + w</c> form (-1 for a window with no input position).</summary>
    /// <param name="indices">Compact indices written by a forward call.</param>
    /// <param name="torchIndices">Receives PyTorch-form indices; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException"><paramref name="torchIndices"/> has another shape.</exception>
    public void ToTorchIndices(MaxPoolIndices indices, DeviceTensor<long> torchIndices, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckIndices(indices);
        CheckTensor(torchIndices, nameof(torchIndices));
        if (torchIndices.Shape != indices.OutputShape)
        {
            throw new ArgumentException($"torchIndices has shape {torchIndices.Shape}, but the indices are for an output of shape {indices.OutputShape}.", nameof(torchIndices));
        }

        var torch = new TorchIndices(torchIndices.View, TensorDims.Of(indices.InputShape));
        switch (indices.Geometry, indices.BytesPerIndex)
        {
            case (StridedWindows strided, 1):
                LaunchConversion(indices.AsBytes(), indices, strided, torch, stream);
                break;
            case (StridedWindows strided, _):
                LaunchConversion(indices.AsInts(), indices, strided, torch, stream);
                break;
            case (AdaptiveWindows adaptive, 1):
                LaunchConversion(indices.AsBytes(), indices, adaptive, torch, stream);
                break;
            case (AdaptiveWindows adaptive, _):
                LaunchConversion(indices.AsInts(), indices, adaptive, torch, stream);
                break;
        }
    }

    /// <summary>Compact indices for an adaptive geometry, sized by its largest window.</summary>
    private MaxPoolIndices AdaptiveIndices(TensorShape input, TensorShape output)
    {
        var windows = new AdaptiveWindows(PoolShape.Of(input, output));
        long depth = 0, rows = 0, cols = 0;
        for (long i = 0; i < output.D; i++)
        {
            depth = Math.Max(depth, windows.Depth(i).Span);
        }

        for (long i = 0; i < output.H; i++)
        {
            rows = Math.Max(rows, windows.Rows(i).Span);
        }

        for (long i = 0; i < output.W; i++)
        {
            cols = Math.Max(cols, windows.Cols(i).Span);
        }

        return new MaxPoolIndices(Accelerator, input, output, windows, depth * rows * cols);
    }

    /// <summary>Checks compact indices: alive and on this accelerator.</summary>
    private void CheckIndices(MaxPoolIndices indices)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(indices);
        ObjectDisposedException.ThrowIf(indices.IsDisposed, indices);
        if (indices.Accelerator != Accelerator)
        {
            throw new ArgumentException($"indices live on '{indices.Accelerator.Name}', not on this engine's accelerator '{Accelerator.Name}'.", nameof(indices));
        }
    }

    /// <summary>
    /// Checks compact indices for a forward call: alive, on this accelerator, and made for this very
    /// geometry (compared as <typeparamref name="TGeometry"/>, so that a call allocates nothing).
    /// </summary>
    private void CheckIndices<TGeometry>(MaxPoolIndices indices, TGeometry geometry, TensorShape input, TensorShape output)
        where TGeometry : struct, IWindowGeometry, IEquatable<TGeometry>
    {
        CheckIndices(indices);
        if (indices.Geometry is not TGeometry made || !made.Equals(geometry) || indices.InputShape != input)
        {
            throw new ArgumentException(
                $"indices were made for input {indices.InputShape} -> output {indices.OutputShape} with other windows; this call pools {input} -> {output}.",
                nameof(indices));
        }
    }

    /// <summary>Checks a backward pair: gradOutput of the forward output's shape, gradInput of the input's, not overlapping.</summary>
    private void CheckGradients<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, TensorShape output, TensorShape input, string op)
        where T : unmanaged
    {
        CheckTensor(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        if (gradInput.Shape != input)
        {
            throw new ArgumentException($"gradInput has shape {gradInput.Shape}, but the forward {op} had an input of shape {input}.", nameof(gradInput));
        }

        CheckOutput(gradOutput, output, nameof(gradOutput), gradInput, op);
    }

    private (TensorShape Output, ElementOps<T> Ops) CheckAdaptiveBackward<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, string op, int spatialRank = 2)
        where T : unmanaged
    {
        var ops = CheckInput(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, (gradOutput.Shape.D, gradOutput.Shape.H, gradOutput.Shape.W), op, spatialRank);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, op);
        return (output, ops);
    }
}
