using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu;

// The argument checks every op runs before anything is launched, and the allocation of new results.
public sealed partial class PoolingEngine
{
    /// <summary>Checks a tensor argument: not null, not disposed, on this engine's accelerator.</summary>
    private void CheckTensor<T>(DeviceTensor<T> tensor, string name)
        where T : unmanaged
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensor, name);
        tensor.ThrowIfGone(name);
        if (tensor.Accelerator != Accelerator)
        {
            throw new ArgumentException(
                $"{name} lives on {AcceleratorNames.NotThisEngines(tensor.Accelerator, Accelerator)}", name);
        }
    }

    /// <summary>
    /// Checks a data tensor argument (as <see cref="CheckTensor"/>), that its element type is
    /// supported, and that this device has what ILGPU needs to compile the kernels over it (and,
    /// when <paramref name="computesInDouble"/>, in double).
    /// </summary>
    private void CheckInput<T>(DeviceTensor<T> tensor, string name, bool computesInDouble = false)
        where T : unmanaged
    {
        CheckTensor(tensor, name);
        dispatch.CheckElement<T>(name, computesInDouble);
    }

    /// <summary>
    /// Checks a gradient argument of a backward call (as <see cref="CheckInput"/>): integer tensors
    /// have no gradients, in PyTorch (autograd refuses them) as here, and are refused with PyTorch's message.
    /// </summary>
    private void CheckGradient<T>(DeviceTensor<T> tensor, string name, bool computesInDouble = false)
        where T : unmanaged
    {
        CheckInput(tensor, name, computesInDouble);
        if (IntegerName<T>() is { } type)
        {
            throw new ArgumentException($"only Tensors of floating point dtype can require gradients, not '{type}'", name);
        }
    }

    /// <summary>
    /// Refuses integer elements for an op that PyTorch runs on floating types only, with PyTorch's
    /// message: its kernel <paramref name="torchKernel"/> is "not implemented for" the type.
    /// </summary>
    private static void CheckFloatingOnly<T>(string torchKernel, string parameter = "input")
        where T : unmanaged
    {
        if (IntegerName<T>() is { } type)
        {
            throw new ArgumentException($"\"{torchKernel}\" not implemented for '{type}'", parameter);
        }
    }

    /// <summary>
    /// Refuses integer elements for average or power-average pooling <paramref name="op"/> with the
    /// message of PyTorch's avg_pool kernel. PyTorch's CPU backend does average int64 tensors (a
    /// truncated integer mean); the library does not, and says so.
    /// </summary>
    private static void CheckAveraged<T>(string op)
        where T : unmanaged
    {
        if (typeof(T) == typeof(long))
        {
            throw new ArgumentException(
                $"Pooling.Gpu averages floating point tensors only, not 'Long' (PyTorch's CPU {op} takes a truncated integer mean of int64 tensors).", "input");
        }

        CheckFloatingOnly<T>(op.EndsWith("3d", StringComparison.Ordinal) ? "avg_pool3d_out_frame" : "avg_pool2d");
    }

    /// <summary>
    /// Refuses integer elements for adaptive average pooling to <paramref name="output"/> with
    /// PyTorch's message: PyTorch pools to 1 (1x1, 1x1x1) with a mean, whose refusal reads otherwise
    /// than its adaptive_avg_pool kernels'.
    /// </summary>
    private static void CheckAdaptiveAveraged<T>(TensorShape output)
        where T : unmanaged
    {
        if (IntegerName<T>() is { } type && output.D == 1 && output.H == 1 && output.W == 1)
        {
            throw new ArgumentException($"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {type}", "input");
        }

        CheckFloatingOnly<T>(output.SpatialRank == 3 ? "adaptive_avg_pool3d_cpu" : "adaptive_avg_pool2d");
    }

    /// <summary>PyTorch's name of an integer element type (its ScalarType, as its messages give it); null for a floating type.</summary>
    private static string? IntegerName<T>()
        where T : unmanaged =>
        typeof(T) == typeof(sbyte) ? "Char"
        : typeof(T) == typeof(byte) ? "Byte"
        : typeof(T) == typeof(short) ? "Short"
        : typeof(T) == typeof(int) ? "Int"
        : typeof(T) == typeof(long) ? "Long"
        : null;

    /// <summary>Checks an output argument: a valid, contiguous tensor of exactly the expected shape that does not overlap the input.</summary>
    private void CheckOutput<TOut, TIn>(DeviceTensor<TOut> output, TensorShape expected, string name, DeviceTensor<TIn> input, string op)
        where TOut : unmanaged
        where TIn : unmanaged
    {
        CheckApart(output, expected, name, input, op);
        CheckContiguous(output, name);
    }

    /// <summary>Checks the values and PyTorch-form indices a max pooling writes: both outputs of the expected shape, apart from the input and from each other.</summary>
    private void CheckValuesAndIndices<T>(DeviceTensor<T> output, DeviceTensor<long> indices, TensorShape expected, DeviceTensor<T> input, string op)
        where T : unmanaged
    {
        CheckOutput(output, expected, nameof(output), input, op);
        CheckOutput(indices, expected, nameof(indices), input, op);
        CheckOutput(indices, expected, nameof(indices), output, op);
    }

    /// <summary>
    /// Checks a tensor argument of exactly the expected shape that must not overlap another one of
    /// the call, one of which the op writes (an output beside the input, or a gradient's input beside
    /// the gradInput that its backward writes). A strided tensor's memory is all it spans, gaps included.
    /// </summary>
    private void CheckApart<TA, TB>(DeviceTensor<TA> tensor, TensorShape expected, string name, DeviceTensor<TB> input, string op)
        where TA : unmanaged
        where TB : unmanaged
    {
        CheckTensor(tensor, name);
        if (tensor.Shape != expected)
        {
            throw new ArgumentException(
                $"{name} has shape {tensor.Shape}, but {op} of an input of shape {input.Shape} gives {expected}.", name);
        }

        if (Overlap(input.Memory, tensor.Memory))
        {
            throw new ArgumentException($"{name} overlaps the input's memory; {op} cannot work in place.", name);
        }
    }

    /// <summary>Refuses a strided tensor where an op writes: ops write contiguous tensors only.</summary>
    private static void CheckContiguous<T>(DeviceTensor<T> written, string name)
        where T : unmanaged
    {
        if (!written.IsContiguous)
        {
            throw new ArgumentException(
                $"{name} is a strided view (shape {written.Shape}, strides [{string.Join(", ", written.Strides())}]); ops write contiguous tensors only: write into a contiguous tensor.",
                name);
        }
    }

    /// <summary>Checks a backward pair: gradOutput of the forward output's shape, gradInput of the input's and contiguous, not overlapping.</summary>
    private void CheckGradients<T>(DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, TensorShape output, TensorShape input, string op)
        where T : unmanaged
    {
        CheckTensor(gradInput, nameof(gradInput));
        CheckTensor(gradOutput, nameof(gradOutput));
        if (gradInput.Shape != input)
        {
            throw new ArgumentException($"gradInput has shape {gradInput.Shape}, but the forward {op} had an input of shape {input}.", nameof(gradInput));
        }

        CheckContiguous(gradInput, nameof(gradInput));
        CheckApart(gradOutput, output, nameof(gradOutput), gradInput, op);
    }

    /// <summary>Whether two views share bytes of one buffer (generic, so that the views are not boxed on every call).</summary>
    private static bool Overlap<TA, TB>(TA a, TB b)
        where TA : struct, IContiguousArrayView
        where TB : struct, IContiguousArrayView =>
        a.Buffer == b.Buffer
        && a.IndexInBytes < b.IndexInBytes + b.LengthInBytes
        && b.IndexInBytes < a.IndexInBytes + a.LengthInBytes;

    /// <summary>
    /// A new tensor that <paramref name="fill"/> writes into; freed again if anything after the
    /// allocation throws (a stream of another accelerator, a kernel that fails to load), so that a refused call leaks no device memory.
    /// </summary>
    private DeviceTensor<T> NewTensor<T>(TensorShape shape, Action<DeviceTensor<T>> fill)
        where T : unmanaged
    {
        var tensor = Allocate<T>(shape);
        try
        {
            fill(tensor);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>New values and PyTorch-form indices that <paramref name="fill"/> writes into; freed again if it throws.</summary>
    private MaxPoolResult<T> NewResult<T>(TensorShape shape, Action<MaxPoolResult<T>> fill)
        where T : unmanaged
    {
        var result = new MaxPoolResult<T>(Allocate<T>(shape), Allocate<long>(shape));
        try
        {
            fill(result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
