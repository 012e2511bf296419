namespace Pooling.Gpu.Layers;

/// <summary>
/// One forward call of a layer, as its backward needs it: the input (its shape for every op; its
/// values for lp pooling), the output (lp pooling reads it), the compact indices a max pooling
/// recorded while training, the PyTorch-form indices (max unpooling's index input, or those a
/// fractional max pooling recorded), and the seed a fractional max pooling drew its windows from.
/// </summary>
internal readonly record struct SavedCall<T>(DeviceTensor<T> Input, DeviceTensor<T> Output, MaxPoolIndices? Indices, DeviceTensor<long>? TorchIndices, ulong Seed)
    where T : unmanaged;
