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
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="gradInput">Receives the input's gradient; shape <see cref="MaxPoolIndices.InputShape"/>. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call.</exception>
    public void MaxPoolBackward(DeviceTensor<float> gradOutput, MaxPoolIndices indices, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckGradients(gradOutput, gradInput, indices.OutputShape, indices.InputShape, "max pooling");
        CheckIndices(indices, indices.Geometry, indices.InputShape, indices.OutputShape);
        switch (indices.Geometry)
        {
            case StridedWindows strided:
                LaunchMaxBackward(gradOutput, strided, indices, gradInput, stream);
                break;
            case AdaptiveWindows adaptive:
                LaunchMaxBackward(gradOutput, adaptive, indices, gradInput, stream);
                break;
        }
    }

    /// <summary>Max pooling backward from compact indices into a new gradient tensor.</summary>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The input's gradient, of shape <see cref="MaxPoolIndices.InputShape"/>.</returns>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call.</exception>
    public DeviceTensor<float> MaxPoolBackward(DeviceTensor<float> gradOutput, MaxPoolIndices indices, AcceleratorStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var gradInput = Allocate<float>(indices.InputShape);
        try
        {
            MaxPoolBackward(gradOutput, indices, gradInput, stream);
            return gradInput;
        }
        catch
        {
            gradInput.Dispose();
            throw;
        }
    }

    /// <summary>max_pool2d backward from PyTorch-form indices (int64 <c>h*W + w</c> per plane).</summary>
    /// <param name="gradOutput">Gradient of the pooled output.</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="options">The forward call's options.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void MaxPool2dBackward(
        DeviceTensor<float> gradOutput, DeviceTensor<long> indices, MaxPool2dOptions options, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        CheckTensor(gradInput, nameof(gradInput));
        ArgumentNullException.ThrowIfNull(options);
        var output = options.OutputShape(gradInput.Shape);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "max_pool2d");
        CheckOutput(indices, output, nameof(indices), gradInput, "max_pool2d");
        LaunchMaxBackward(gradOutput, StridedMaxWindows(gradInput.Shape, output, options), indices, gradInput, stream);
    }

    /// <summary>adaptive_max_pool2d backward from PyTorch-form indices.</summary>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, OH, OW).</param>
    /// <param name="indices">The forward call's indices, same shape as <paramref name="gradOutput"/>.</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void AdaptiveMaxPool2dBackward(DeviceTensor<float> gradOutput, DeviceTensor<long> indices, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        var output = CheckAdaptiveBackward(gradOutput, gradInput, "adaptive_max_pool2d");
        CheckOutput(indices, output, nameof(indices), gradInput, "adaptive_max_pool2d");
        LaunchMaxBackward(gradOutput, new AdaptiveWindows(PoolPlanes.Of(gradInput.Shape, output)), indices, gradInput, stream);
    }

    /// <summary>Global max pooling backward from PyTorch-form indices: each plane's gradient goes to its maximum.</summary>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, 1, 1).</param>
    /// <param name="indices">The forward call's indices, (N, C, 1, 1).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void GlobalMaxPool2dBackward(DeviceTensor<float> gradOutput, DeviceTensor<long> indices, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        CheckTensor(gradInput, nameof(gradInput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, 1, "adaptive_max_pool2d");
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "global max pooling");
        CheckOutput(indices, output, nameof(indices), gradInput, "global max pooling");
        LaunchMaxBackward(gradOutput, new AdaptiveWindows(PoolPlanes.Of(gradInput.Shape, output)), indices, gradInput, stream);
    }

    /// <summary>Compact indices for adaptive max pooling of inputs of shape <paramref name="input"/> to <paramref name="outputSize"/>.</summary>
    /// <param name="input">The input shape the indices will be used with.</param>
    /// <param name="outputSize">The output size they will be used with.</param>
    /// <returns>Uninitialised indices, 1 byte per output when every window has at most 256 positions, else 4.</returns>
    /// <exception cref="ArgumentException">The output size or the shape is invalid, or a window has more than 2^32 positions.</exception>
    public MaxPoolIndices AllocateAdaptiveMaxPoolIndices(TensorShape input, Size2 outputSize)
    {
        ThrowIfDisposed();
        var output = PoolingRules.AdaptiveOutputShape(input, outputSize, "adaptive_max_pool2d");
        var windows = new AdaptiveWindows(PoolPlanes.Of(input, output));
        long rows = 0, cols = 0;
        for (long i = 0; i < output.H; i++)
        {
            rows = Math.Max(rows, windows.Rows(i).Span);
        }

        for (long j = 0; j < output.W; j++)
        {
            cols = Math.Max(cols, windows.Cols(j).Span);
        }

        return new MaxPoolIndices(Accelerator, input, output, windows, rows * cols);
    }

    /// <summary>Compact indices for global max pooling of inputs of shape <paramref name="input"/>.</summary>
    /// <param name="input">The input shape the indices will be used with.</param>
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
        CheckIndices(indices, indices.Geometry, indices.InputShape, indices.OutputShape);
        CheckTensor(torchIndices, nameof(torchIndices));
        if (torchIndices.Shape != indices.OutputShape)
        {
            throw new ArgumentException($"torchIndices has shape {torchIndices.Shape}, but the indices are for an output of shape {indices.OutputShape}.", nameof(torchIndices));
        }

        var torch = Torch(torchIndices, indices.InputShape);
        switch (indices.Geometry, indices.BytesPerIndex)
        {
            case (StridedWindows strided, 1):
                LaunchConversion(Bytes(indices), strided, torch, stream);
                break;
            case (StridedWindows strided, _):
                LaunchConversion(Ints(indices), strided, torch, stream);
                break;
            case (AdaptiveWindows adaptive, 1):
                LaunchConversion(Bytes(indices), adaptive, torch, stream);
                break;
            case (AdaptiveWindows adaptive, _):
                LaunchConversion(Ints(indices), adaptive, torch, stream);
                break;
        }
    }

    /// <summary>Checks a backward pair: gradOutput of the forward output's shape, gradInput of the input's, not overlapping.</summary>
    private void CheckGradients(DeviceTensor<float> gradOutput, DeviceTensor<float> gradInput, TensorShape output, TensorShape input, string op)
    {
        CheckTensor(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        if (gradInput.Shape != input)
        {
            throw new ArgumentException($"gradInput has shape {gradInput.Shape}, but the forward {op} had an input of shape {input}.", nameof(gradInput));
        }

        CheckOutput(gradOutput, output, nameof(gradOutput), gradInput, op);
    }

    private TensorShape CheckAdaptiveBackward(DeviceTensor<float> gradOutput, DeviceTensor<float> gradInput, string op)
    {
        CheckTensor(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, new Size2(checked((int)gradOutput.Shape.H), checked((int)gradOutput.Shape.W)), op);
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, op);
        return output;
    }

    private void LaunchConversion<TGeometry, TCells>(WindowIndices<TCells> compact, TGeometry geometry, TorchIndices torch, AcceleratorStream? stream)
        where TGeometry : struct, IWindowGeometry
        where TCells : struct, IIndexCells
    {
        var shape = geometry switch
        {
            StridedWindows s => s.Shape,
            _ => ((AdaptiveWindows)(object)geometry).Shape,
        };
        var used = StreamOrDefault(stream);
        if (shape.OutputLength > 0)
        {
            kernels.Get(IndexConversion<TGeometry, TCells>.Kernel)(used, launch.ForItems(shape.OutputLength), compact, shape, geometry, torch);
        }

        Complete(stream, used);
    }
}
