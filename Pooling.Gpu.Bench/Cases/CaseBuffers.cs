namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// The device buffers of one <see cref="BenchCase"/>: a seeded random input, and whatever else the
/// case asks for, allocated on first use and freed together. It knows which it allocated, so it
/// can count the case's compulsory bytes and read back every result for the correctness check.
/// </summary>
internal sealed class CaseBuffers : IDisposable
{
    private readonly BenchCase owner;
    private readonly int seed;
    private readonly List<IDisposable> owned = [];
    private DeviceTensor<float>? output;
    private DeviceTensor<long>? indices;
    private MaxPoolIndices? compact;
    private DeviceTensor<float>? gradOutput;
    private DeviceTensor<float>? gradInput;

    internal CaseBuffers(PoolingEngine engine, BenchCase owner, int seed)
    {
        Engine = engine;
        this.owner = owner;
        this.seed = seed;
        HostInput = RandomValues(owner.Input.Length, seed);
        Input = Own(engine.Upload<float>(HostInput, owner.Input));
    }

    internal PoolingEngine Engine { get; }

    /// <summary>The input's values, uniform in [-1, 1).</summary>
    internal float[] HostInput { get; }

    internal DeviceTensor<float> Input { get; }

    /// <summary>The gradient of the output, once a backward case has asked for it.</summary>
    internal float[]? HostGradOutput { get; private set; }

    internal DeviceTensor<float> Output => output ??= Own(Engine.Allocate<float>(owner.Output));

    /// <summary>PyTorch-form int64 indices of the output's shape.</summary>
    internal DeviceTensor<long> Indices => indices ??= Own(Engine.Allocate<long>(owner.Output));

    internal DeviceTensor<float> GradOutput => gradOutput ??= Own(Engine.Upload<float>(HostGradOutput = RandomValues(owner.Output.Length, seed + 1), owner.Output));

    internal DeviceTensor<float> GradInput => gradInput ??= Own(Engine.Allocate<float>(owner.Input));

    /// <summary>
    /// The compulsory bytes of the timed call: the values in and out once each (input and output, or
    /// gradient of the output and of the input), plus the indices it writes or reads, in their form.
    /// </summary>
    internal long Bytes =>
        (sizeof(float) * (owner.Input.Length + owner.Output.Length))
        + ((indices is not null ? sizeof(long) : compact?.BytesPerIndex ?? 0) * owner.Output.Length);

    /// <summary>Compact indices, allocated by <paramref name="allocate"/> on first use.</summary>
    internal MaxPoolIndices Compact(Func<PoolingEngine, MaxPoolIndices> allocate) => compact ??= Own(allocate(Engine));

    /// <summary>Every result on the host: compact indices converted to PyTorch's form.</summary>
    internal CaseResults Read()
    {
        long[]? index = indices?.ToArray();
        if (index is null && compact is not null)
        {
            using var torch = Engine.Allocate<long>(compact.OutputShape);
            Engine.ToTorchIndices(compact, torch);
            index = torch.ToArray();
        }

        return new CaseResults(output?.ToArray(), index, gradInput?.ToArray());
    }

    public void Dispose()
    {
        foreach (var buffer in owned)
        {
            buffer.Dispose();
        }
    }

    private static float[] RandomValues(long length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    private T Own<T>(T buffer)
        where T : IDisposable
    {
        owned.Add(buffer);
        return buffer;
    }
}

/// <summary>What a case wrote, read back: values, PyTorch-form indices, the input's gradient (each null when not written).</summary>
internal sealed record CaseResults(float[]? Output, long[]? Indices, float[]? GradInput);
