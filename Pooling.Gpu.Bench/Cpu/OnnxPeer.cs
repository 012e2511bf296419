using Microsoft.ML.OnnxRuntime;

namespace Pooling.Gpu.Bench.Cpu;

/// <summary>
/// ONNX Runtime on one case: a session on the case's one-node model (<see cref="OnnxModel"/>), its
/// input and outputs bound once to arrays (an I/O binding), so that a call is the session's run
/// alone. Its intra-op thread pool has the bench's thread count; the calls run one at a time.
/// </summary>
internal sealed class OnnxPeer : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions run = new();
    private readonly OrtIoBinding binding;
    private readonly List<OrtValue> values = [];
    private readonly float[] output;
    private readonly long[]? indices;
    private readonly long planeLength;
    private readonly long outputPlaneLength;

    internal OnnxPeer(OnnxNode node, TensorShape inputShape, TensorShape outputShape, float[] input, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        session = new InferenceSession(OnnxModel.Encode(node, inputShape.Sizes(), outputShape.Sizes()), options);
        binding = session.CreateIoBinding();
        output = new float[outputShape.Length];
        binding.BindInput("x", Value(input, inputShape));
        binding.BindOutput("y", Value(output, outputShape));
        if (node.Indices)
        {
            indices = new long[outputShape.Length];
            binding.BindOutput("i", Value(indices, outputShape));
        }

        planeLength = inputShape.PlaneLength;
        outputPlaneLength = outputShape.PlaneLength;
    }

    /// <summary>ONNX Runtime's version, or null where its native library is absent (the GPU bundle leaves it out).</summary>
    internal static string? Version(out string? absence)
    {
        try
        {
            absence = null;
            return OrtEnv.Instance().GetVersionString();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            // The loader's message goes on to list every path it tried: its first sentence says enough.
            string message = e.GetBaseException().Message;
            int end = message.IndexOfAny(['.', '\n']);
            absence = end > 0 ? message[..end] : message;
            return null;
        }
    }

    internal void Call() => session.RunWithBinding(run, binding);

    /// <summary>The last call's values and indices, the indices in PyTorch's form (ONNX counts across the whole tensor, PyTorch within each plane).</summary>
    internal (float[] Output, long[]? Indices) Results() =>
        (output, indices?.Select((index, i) => index - (i / outputPlaneLength * planeLength)).ToArray());

    public void Dispose()
    {
        binding.Dispose();
        foreach (var value in values)
        {
            value.Dispose();
        }

        run.Dispose();
        session.Dispose();
    }

    private OrtValue Value<T>(T[] data, TensorShape shape)
        where T : unmanaged
    {
        var value = OrtValue.CreateTensorValueFromMemory(data, shape.Sizes());
        values.Add(value);
        return value;
    }
}
