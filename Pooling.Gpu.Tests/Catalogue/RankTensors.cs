namespace Pooling.Gpu.Tests;

/// <summary>
/// The catalogue's tensors for the ops of one other spatial rank (1D or 3D), as the fixture has
/// them for 2D: a valid input; of the pooled shape, which every op of the rank gives in the
/// catalogue, a poisoned output and indices, a valid output gradient and (zero) PyTorch-form
/// indices for backward; a poisoned input gradient; compact indices of max and adaptive max pooling;
/// a max pooling's values and indices to unpool, and a poisoned output of the input's shape for them.
/// </summary>
public sealed class RankTensors
{
    internal RankTensors(
        CatalogueFixture fixture, string rank, TensorShape input, TensorShape pooled, int seed, MaxPoolIndices compact, MaxPoolIndices adaptiveCompact, Func<DeviceTensor<float>, MaxPoolResult<float>> maxPool)
    {
        var engine = fixture.Engine;
        Input = fixture.Tensor($"{rank} input", engine.Upload<float>(TestData.Make(input.Length, DataKind.Random, seed), input));
        Output = fixture.Tensor($"{rank} output", Poison.Values(engine, pooled));
        Indices = fixture.Tensor($"{rank} indices", Poison.Indices(engine, pooled));
        GradOutput = fixture.Tensor($"{rank} gradOutput", engine.Upload<float>(TestData.Make(pooled.Length, DataKind.Random, seed + 1), pooled));
        GradInput = fixture.Tensor($"{rank} gradInput", Poison.Values(engine, input));
        TorchIndices = fixture.Tensor($"{rank} backward indices", engine.Upload<long>(new long[pooled.Length], pooled));
        Compact = fixture.Compact($"{rank} compact", compact);
        AdaptiveCompact = fixture.Compact($"{rank} adaptive compact", adaptiveCompact);
        var maxPooled = maxPool(Input);
        Pooled = fixture.Tensor($"{rank} pooled", maxPooled.Output);
        UnpoolIndices = fixture.Tensor($"{rank} unpool indices", maxPooled.Indices);
        Unpooled = fixture.Tensor($"{rank} unpooled", Poison.Values(engine, input));
    }

    public DeviceTensor<float> Input { get; }

    public DeviceTensor<float> Output { get; }

    public DeviceTensor<long> Indices { get; }

    public DeviceTensor<float> GradOutput { get; }

    public DeviceTensor<float> GradInput { get; }

    public DeviceTensor<long> TorchIndices { get; }

    public MaxPoolIndices Compact { get; }

    public MaxPoolIndices AdaptiveCompact { get; }

    /// <summary>The values of a max pooling of <see cref="Input"/>: an input to unpool.</summary>
    public DeviceTensor<float> Pooled { get; }

    /// <summary>Their PyTorch-form indices.</summary>
    public DeviceTensor<long> UnpoolIndices { get; }

    /// <summary>A poisoned output of unpooling, of the input's shape.</summary>
    public DeviceTensor<float> Unpooled { get; }
}
