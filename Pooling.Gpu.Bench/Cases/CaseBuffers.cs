namespace Pooling.Gpu.Bench.Cases;

/// <summary>
/// The device buffers of one <see cref="BenchCase"/>: a seeded random input, and whatever else the
/// case asks for, allocated on first use and freed together. It knows which it allocated, so it
/// can count the case's compulsory bytes and read back every result for the correctness check.
/// Host values are float32, exactly the element type's values (rounded into it once).
/// </summary>
internal abstract class CaseBuffers : IDisposable
{
    /// <summary>The value arrays <see cref="RandomValues"/> made last, oldest first.</summary>
    private static readonly List<((Type Type, long Length, int Seed) Key, float[] Values)> Recent = [];

    private readonly List<IDisposable> owned = [];

    /// <summary>The input's values, uniform in [-1, 1) rounded into the element type.</summary>
    internal abstract float[] HostInput { get; }

    /// <summary>The gradient of the output, once a backward case has asked for it.</summary>
    internal abstract float[]? HostGradOutput { get; }

    /// <summary>
    /// The compulsory bytes of the timed call: the values in and out once each (input and output, or
    /// gradient of the output and of the input; twice where the case reads its forward's too), plus
    /// the indices it writes or reads, in their form.
    /// </summary>
    internal abstract long Bytes { get; }

    /// <summary>Every result on the host, as float32 values: compact indices converted to PyTorch's form.</summary>
    internal abstract CaseResults Read();

    public void Dispose()
    {
        foreach (var buffer in owned)
        {
            buffer.Dispose();
        }
    }

    protected TBuffer Own<TBuffer>(TBuffer buffer)
        where TBuffer : IDisposable
    {
        owned.Add(buffer);
        return buffer;
    }

    /// <summary>
    /// <paramref name="length"/> seeded values in [-1, 1), rounded into <typeparamref name="T"/>; the
    /// callers only read them. The last two made are kept for the next cases: the cases of a workload
    /// share their input (and backward cases their output gradient), and the 205M values of a
    /// canonical input take seconds to make, which count against the GPU run's time limit.
    /// </summary>
    protected static float[] RandomValues<T>(long length, int seed)
        where T : unmanaged
    {
        var key = (typeof(T), length, seed);
        int kept = Recent.FindIndex(entry => entry.Key == key);
        if (kept >= 0)
        {
            var entry = Recent[kept];
            Recent.RemoveAt(kept);
            Recent.Add(entry);
            return entry.Values;
        }

        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = BenchElement<T>.ToFloat(BenchElement<T>.From((random.NextSingle() * 2f) - 1f));
        }

        Recent.Add((key, values));
        if (Recent.Count > 2)
        {
            Recent.RemoveAt(0);
        }

        return values;
    }
}

/// <summary>The buffers of a case in element type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">float or ILGPU.Half.</typeparam>
internal sealed class CaseBuffers<T> : CaseBuffers
    where T : unmanaged
{
    private readonly BenchCase owner;
    private readonly int seed;
    private DeviceTensor<T>? output;
    private DeviceTensor<long>? indices;
    private DeviceTensor<long>? inputIndices;
    private MaxPoolIndices? compact;
    private DeviceTensor<T>? gradOutput;
    private DeviceTensor<T>? gradInput;
    private float[]? hostGradOutput;

    internal CaseBuffers(PoolingEngine engine, BenchCase owner, int seed)
    {
        Engine = engine;
        this.owner = owner;
        this.seed = seed;
        HostInput = RandomValues<T>(owner.Input.Length, seed);
        Input = Own(Upload(HostInput, owner.Input));
    }

    internal PoolingEngine Engine { get; }

    internal override float[] HostInput { get; }

    internal override float[]? HostGradOutput => hostGradOutput;

    internal DeviceTensor<T> Input { get; }

    internal DeviceTensor<T> Output => output ??= Own(Engine.Allocate<T>(owner.Output));

    /// <summary>PyTorch-form int64 indices of the output's shape.</summary>
    internal DeviceTensor<long> Indices => indices ??= Own(Engine.Allocate<long>(owner.Output));

    /// <summary>PyTorch-form int64 indices of the input's shape, which unpooling reads; the case fills them.</summary>
    internal DeviceTensor<long> InputIndices => inputIndices ??= Own(Engine.Allocate<long>(owner.Input));

    internal DeviceTensor<T> GradOutput => gradOutput ??= Own(Upload(hostGradOutput = RandomValues<T>(owner.Output.Length, seed + 1), owner.Output));

    internal DeviceTensor<T> GradInput => gradInput ??= Own(Engine.Allocate<T>(owner.Input));

    internal override long Bytes =>
        (owner.ValuePasses * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() * (owner.Input.Length + owner.Output.Length))
        + ((indices is not null ? sizeof(long) : compact?.BytesPerIndex ?? 0) * owner.Output.Length)
        + (inputIndices is not null ? sizeof(long) * owner.Input.Length : 0);

    /// <summary>Compact indices, allocated by <paramref name="allocate"/> on first use.</summary>
    internal MaxPoolIndices Compact(Func<PoolingEngine, MaxPoolIndices> allocate) => compact ??= Own(allocate(Engine));

    /// <summary>A seeded random tensor of <paramref name="shape"/> that the case uses in its setup (the source of unpooling's indices).</summary>
    internal DeviceTensor<T> Random(TensorShape shape) => Own(Upload(RandomValues<T>(shape.Length, seed + 2), shape));

    /// <summary>A tensor of <paramref name="shape"/> for a result of the setup that the case does not read.</summary>
    internal DeviceTensor<T> Scratch(TensorShape shape) => Own(Engine.Allocate<T>(shape));

    internal override CaseResults Read()
    {
        long[]? index = indices?.ToArray();
        if (index is null && compact is not null)
        {
            using var torch = Engine.Allocate<long>(compact.OutputShape);
            Engine.ToTorchIndices(compact, torch);
            index = torch.ToArray();
        }

        return new CaseResults(Floats(output), index, Floats(gradInput), inputIndices?.ToArray());
    }

    private static float[]? Floats(DeviceTensor<T>? tensor) => tensor?.ToArray().Select(BenchElement<T>.ToFloat).ToArray();

    private DeviceTensor<T> Upload(float[] values, TensorShape shape) => Engine.Upload<T>(values.Select(BenchElement<T>.From).ToArray(), shape);
}

/// <summary>
/// What a case wrote, read back: values, PyTorch-form indices, the input's gradient (each null when
/// not written), and the index input the case read (unpooling's).
/// </summary>
internal sealed record CaseResults(float[]? Output, long[]? Indices, float[]? GradInput, long[]? IndexInput);
