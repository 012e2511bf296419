using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

/// <summary>A per-plane reduction: how one element enters it, how partials combine, where the result goes.</summary>
internal interface IPlaneReduction<T> : ICombine<T>
    where T : unmanaged
{
    /// <summary>The partial result of the element at plane offset <paramref name="offset"/>.</summary>
    T Lift(float value, long offset);

    /// <summary>Writes the result of plane <paramref name="plane"/>.</summary>
    void Store(long plane, T result);
}

/// <summary>The mean of a plane: float partial sums, one division at the end.</summary>
internal readonly struct PlaneMean(ArrayView<float> values, long planeLength) : IPlaneReduction<float>
{
    public float Identity => 0f;

    public float Combine(float a, float b) => a + b;

    public float Lift(float value, long offset) => value;

    public void Store(long plane, float result) => values[plane] = result / planeLength;
}

/// <summary>A value and its plane offset, for argmax reductions.</summary>
internal struct ValueAndOffset
{
    public float Value;
    public long Offset;
}

/// <summary>
/// The max of a plane with max pooling's rules, made order-free for a parallel reduction: a NaN
/// beats any number and the later of two NaNs wins (PyTorch reports the last NaN); otherwise the
/// larger value wins and, on a tie, the earlier offset (the first maximum).
/// </summary>
internal readonly struct PlaneArgMax<TIndex>(ArrayView<float> values, TIndex indices, AdaptiveWindows window) : IPlaneReduction<ValueAndOffset>
    where TIndex : struct, IMaxIndexFormat
{
    public ValueAndOffset Identity => new() { Value = float.NegativeInfinity, Offset = long.MaxValue };

    public ValueAndOffset Combine(ValueAndOffset a, ValueAndOffset b)
    {
        bool aNaN = float.IsNaN(a.Value);
        bool bNaN = float.IsNaN(b.Value);
        if (aNaN || bNaN)
        {
            return aNaN && bNaN ? (a.Offset > b.Offset ? a : b) : (aNaN ? a : b);
        }

        if (a.Value != b.Value)
        {
            return a.Value > b.Value ? a : b;
        }

        return a.Offset < b.Offset ? a : b;
    }

    public ValueAndOffset Lift(float value, long offset) => new() { Value = value, Offset = offset };

    public void Store(long plane, ValueAndOffset result)
    {
        values[plane] = result.Value;
        long width = window.Shape.W;
        indices.Write(plane, result.Offset / width, result.Offset % width, window.Rows(0), window.Cols(0));
    }
}

/// <summary>
/// The global pooling kernel: one group per (n, c) plane (grid-strided over planes); each thread
/// folds a strided part of the plane, then the group combines the partials with warp shuffles.
/// </summary>
internal static class GlobalPool2d<T, TReduction>
    where T : unmanaged
    where TReduction : struct, IPlaneReduction<T>
{
    /// <summary>The kernel method, for <see cref="KernelCache"/>.</summary>
    internal static readonly Action<ArrayView<float>, long, long, TReduction> Kernel = Run;

    private static void Run(ArrayView<float> input, long planes, long planeLength, TReduction reduction)
    {
        for (long plane = Grid.IdxX; plane < planes; plane += Grid.DimX)
        {
            long planeStart = plane * planeLength;
            var partial = reduction.Identity;
            for (long i = Group.IdxX; i < planeLength; i += Group.DimX)
            {
                partial = reduction.Combine(partial, reduction.Lift(input[planeStart + i], i));
            }

            partial = GroupReduce.Reduce(partial, reduction);
            if (Group.IsFirstThread)
            {
                reduction.Store(plane, partial);
            }
        }
    }
}

/// <summary>
/// Global average and max pooling: <c>(N, C, H, W) -> (N, C, 1, 1)</c>, and the average's
/// backward (global max backward is one of the max-pooling backward forms).
/// </summary>
public sealed partial class PoolingEngine
{
    /// <summary>Global average pooling (the mean of each plane) into a new tensor; <c>adaptive_avg_pool2d(x, 1)</c>.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The (N, C, 1, 1) means, of the input's rank.</returns>
    /// <exception cref="ArgumentException">C, H or W of the input is zero.</exception>
    public DeviceTensor<float> GlobalAvgPool2d(DeviceTensor<float> input, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_avg_pool2d");
        var output = Allocate<float>(shape);
        LaunchGlobal<float, PlaneMean>(input, new PlaneMean(output.View, input.Shape.PlaneLength), stream);
        return output;
    }

    /// <summary>Global average pooling into a caller's (N, C, 1, 1) tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="output">Receives the means, of shape (N, C, 1, 1).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">C, H or W of the input is zero, or <paramref name="output"/> has the wrong shape.</exception>
    public void GlobalAvgPool2d(DeviceTensor<float> input, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_avg_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global average pooling");
        LaunchGlobal<float, PlaneMean>(input, new PlaneMean(output.View, input.Shape.PlaneLength), stream);
    }

    /// <summary>Global max pooling (the max of each plane, NaN propagating) into a new tensor; <c>adaptive_max_pool2d(x, 1)</c>.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>The (N, C, 1, 1) maxima, of the input's rank.</returns>
    /// <exception cref="ArgumentException">C, H or W of the input is zero.</exception>
    public DeviceTensor<float> GlobalMaxPool2d(DeviceTensor<float> input, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        var output = Allocate<float>(shape);
        LaunchGlobalMax(input, output.View, null, stream);
        return output;
    }

    /// <summary>Global max pooling into a caller's (N, C, 1, 1) tensor; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">C, H or W of the input is zero, or <paramref name="output"/> has the wrong shape.</exception>
    public void GlobalMaxPool2d(DeviceTensor<float> input, DeviceTensor<float> output, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global max pooling");
        LaunchGlobalMax(input, output.View, null, stream);
    }

    /// <summary>Global max pooling with PyTorch-form indices (<c>h*W + w</c> of each plane's max), into new tensors.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <returns>Maxima and indices, both (N, C, 1, 1).</returns>
    /// <exception cref="ArgumentException">C, H or W of the input is zero.</exception>
    public MaxPoolResult GlobalMaxPool2dWithIndices(DeviceTensor<float> input, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        var result = new MaxPoolResult(Allocate<float>(shape), Allocate<long>(shape));
        LaunchGlobalMax(input, result.Output.View, result.Indices, stream);
        return result;
    }

    /// <summary>Global max pooling with PyTorch-form indices into caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="indices">Receives each plane's argmax <c>h*W + w</c>; same shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">C, H or W of the input is zero, or an output has the wrong shape.</exception>
    public void GlobalMaxPool2dWithIndices(DeviceTensor<float> input, DeviceTensor<float> output, DeviceTensor<long> indices, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global max pooling");
        CheckOutput(indices, shape, nameof(indices), input, "global max pooling");
        CheckOutput(indices, shape, nameof(indices), output, "global max pooling");
        LaunchGlobalMax(input, output.View, indices, stream);
    }

    /// <summary>Global max pooling with compact indices into caller's tensors; nothing is written if an argument is rejected.</summary>
    /// <param name="input">Input (N, C, H, W) or (C, H, W).</param>
    /// <param name="output">Receives the maxima, of shape (N, C, 1, 1).</param>
    /// <param name="indices">Receives each plane's argmax; made by <see cref="AllocateGlobalMaxPoolIndices"/> for this input shape.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">C, H or W of the input is zero, or a buffer does not belong to this call.</exception>
    public void GlobalMaxPool2d(DeviceTensor<float> input, DeviceTensor<float> output, MaxPoolIndices indices, AcceleratorStream? stream = null)
    {
        var shape = CheckGlobal(input, "adaptive_max_pool2d");
        CheckOutput(output, shape, nameof(output), input, "global max pooling");
        CheckIndices(indices, new AdaptiveWindows(PoolPlanes.Of(input.Shape, shape)), input.Shape, shape);
        LaunchGlobalMax(input, output.View, indices, stream);
    }

    /// <summary>Global average pooling backward: every element of a plane gets the plane's gradient over H*W.</summary>
    /// <param name="gradOutput">Gradient of the pooled output (N, C, 1, 1).</param>
    /// <param name="gradInput">Receives the input's gradient; its shape is the forward input's. Every element is written.</param>
    /// <param name="stream">Enqueue on this stream and return at once; null: run and wait.</param>
    /// <exception cref="ArgumentException">A shape does not match the forward call.</exception>
    public void GlobalAvgPool2dBackward(DeviceTensor<float> gradOutput, DeviceTensor<float> gradInput, AcceleratorStream? stream = null)
    {
        CheckTensor(gradInput, nameof(gradInput));
        var output = PoolingRules.AdaptiveOutputShape(gradInput.Shape, 1, "adaptive_avg_pool2d");
        CheckGradients(gradOutput, gradInput, output, gradInput.Shape, "global average pooling");
        LaunchWindowBackward(gradInput, output, new AdaptiveWindows(PoolPlanes.Of(gradInput.Shape, output)), new AverageGradient(gradOutput.View, 0), stream);
    }

    private TensorShape CheckGlobal(DeviceTensor<float> input, string op)
    {
        CheckTensor(input, nameof(input));
        return PoolingRules.AdaptiveOutputShape(input.Shape, 1, op);
    }

    private void LaunchGlobal<T, TReduction>(DeviceTensor<float> input, TReduction reduction, AcceleratorStream? stream)
        where T : unmanaged
        where TReduction : struct, IPlaneReduction<T>
    {
        var shape = input.Shape;
        var used = StreamOrDefault(stream);
        if (shape.Planes > 0)
        {
            var kernel = kernels.Get(GlobalPool2d<T, TReduction>.Kernel);
            kernel(used, launch.ForPlanes(shape.Planes, shape.PlaneLength), input.View, shape.Planes, shape.PlaneLength, reduction);
        }

        Complete(stream, used);
    }
}
