using ILGPU.Runtime;

namespace Pooling.Gpu;

// Backward of max_pool2d, adaptive_max_pool2d, fractional and global max pooling: each input
// element gathers the gradients of the windows whose recorded maximum it is (deterministic, no
// atomics); ties went to the first maximum, so only it receives a gradient. Also the compact-index
// helpers.
public sealed partial class PoolingEngine
{
    /// <summary>
    /// Max pooling backward from compact indices, for any of the max poolings (the indices know
    /// their windows): <paramref name="gradInput"/> receives, per input element, the sum of the
    /// gradients of the windows whose maximum it is, and 0 elsewhere.
    /// </summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="gradInput">Receives the input's gradient; shape <see cref="MaxPoolIndices.InputShape"/>. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public void MaxPoolBackward<T>(DeviceTensor<T> gradOutput, MaxPoolIndices indices, DeviceTensor<T> gradInput, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckGradient(gradInput, nameof(gradInput));
        CheckGradients(gradOutput, gradInput, indices.OutputShape, indices.InputShape, "max pooling");
        CheckIndices(indices);
        if (indices.Geometry is FractionalSpec spec)
        {
            CheckFractionalArithmetic<T>(spec);
        }

        using var dense = Dense(gradOutput, stream);
        switch (indices.Geometry)
        {
            case StridedWindows strided:
                dispatch.MaxBackward(dense.Tensor, strided, indices.Format, gradInput, stream);
                break;
            case AdaptiveWindows adaptive:
                dispatch.MaxBackward(dense.Tensor, adaptive, indices.Format, gradInput, stream);
                break;
            case FractionalSpec fractional:
                dispatch.FractionalMaxBackward(dense.Tensor, fractional, null, indices.Format, gradInput, stream);
                break;
        }
    }

    /// <summary>Max pooling backward from compact indices into a new gradient tensor.</summary>
    /// <typeparam name="T">float, double, ILGPU.Half or BFloat16: integer tensors have no gradients (PyTorch's autograd refuses them), and are refused.</typeparam>
    /// <param name="gradOutput">Gradient of the pooled output; shape <see cref="MaxPoolIndices.OutputShape"/>.</param>
    /// <param name="indices">The forward call's compact indices.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The input's gradient, of shape <see cref="MaxPoolIndices.InputShape"/>.</returns>
    /// <exception cref="ArgumentException">A shape does not match the indices' forward call, or <typeparamref name="T"/> is an integer type.</exception>
    public DeviceTensor<T> MaxPoolBackward<T>(DeviceTensor<T> gradOutput, MaxPoolIndices indices, AcceleratorStream? stream = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(indices);
        CheckGradient(gradOutput, nameof(gradOutput));
        return NewTensor<T>(indices.InputShape, gradInput => MaxPoolBackward(gradOutput, indices, gradInput, stream));
    }

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

        CheckContiguous(torchIndices, nameof(torchIndices));

        var torch = Torch(torchIndices, indices.InputShape);
        var shape = PoolShape.Of(indices.InputShape, indices.OutputShape);
        switch (indices.Geometry)
        {
            case StridedWindows strided:
                dispatch.ToTorchIndices(indices.Format, shape, indices.OutputShape.Layout, strided, torch, stream);
                break;
            case AdaptiveWindows adaptive:
                dispatch.ToTorchIndices(indices.Format, shape, indices.OutputShape.Layout, adaptive, torch, stream);
                break;
            case FractionalSpec fractional:
                dispatch.FractionalToTorchIndices(indices.Format, fractional, indices.OutputShape.Layout, torchIndices, stream);
                break;
        }
    }

    /// <summary>
    /// Checks that fractional compact indices are read back in the arithmetic that drew their
    /// windows: float64 for fp64, float32 for the other types (whose windows are the same).
    /// </summary>
    private static void CheckFractionalArithmetic<T>(FractionalSpec fractional)
        where T : unmanaged
    {
        if (fractional.InDouble != InDouble<T>())
        {
            throw new ArgumentException(
                $"indices were made for fractional windows computed in {(fractional.InDouble ? "float64" : "float32")}; gradients of {typeof(T).Name} compute them in {(InDouble<T>() ? "float64" : "float32")}.",
                "indices");
        }
    }

    /// <summary>Checks compact indices: alive and on this accelerator.</summary>
    private void CheckIndices(MaxPoolIndices indices)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(indices);
        indices.ThrowIfGone(nameof(indices));
        if (indices.Accelerator != Accelerator)
        {
            throw new ArgumentException($"indices live on {AcceleratorNames.NotThisEngines(indices.Accelerator, Accelerator)}", nameof(indices));
        }
    }

    /// <summary>
    /// Checks compact indices for a forward call: alive, on this accelerator, and made for this very
    /// geometry (compared as <typeparamref name="TGeometry"/>, so that a call allocates nothing).
    /// </summary>
    private void CheckIndices<TGeometry>(MaxPoolIndices indices, TGeometry geometry, TensorShape input, TensorShape output)
        where TGeometry : struct, IEquatable<TGeometry>
    {
        CheckIndices(indices);
        if (indices.Geometry is not TGeometry made || !made.Equals(geometry) || indices.InputShape != input)
        {
            throw new ArgumentException(
                $"indices were made for input {indices.InputShape} -> output {indices.OutputShape} with other windows; this call pools {input} -> {output}.",
                nameof(indices));
        }
    }
}
