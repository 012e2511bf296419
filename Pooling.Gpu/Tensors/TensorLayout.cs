namespace Pooling.Gpu;

/// <summary>The order of a tensor's elements in memory (PyTorch's memory format).</summary>
public enum TensorLayout
{
    /// <summary>Channels before the spatial dims: NCHW (NCL in 1D, NCDHW in 3D), PyTorch's contiguous format.</summary>
    ChannelsFirst,

    /// <summary>Channels last: NHWC (NLC in 1D, NDHWC in 3D), PyTorch's channels_last format.</summary>
    ChannelsLast,
}
