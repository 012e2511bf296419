namespace Pooling.Gpu.Layers;

/// <summary>
/// One forward call of a layer, as its backward needs it: the input (its shape for every op; its
/// values for lp pooling), the output (lp pooling reads it), the compact indices a max pooling
/// recorded while training, and the index input of max unpooling.
/// </summary>
internal readonly record struct SavedCall<T>(DeviceTensor<T> Input, DeviceTensor<T> Output, MaxPoolIndices? Indices, DeviceTensor<long>? IndexInput)
    where T : unmanaged;
