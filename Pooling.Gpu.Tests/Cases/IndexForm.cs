namespace Pooling.Gpu.Tests;

/// <summary>Where a max pooling's backward takes its indices from.</summary>
public enum IndexForm
{
    /// <summary>PyTorch's int64 h*W + w.</summary>
    Torch,

    /// <summary>The library's compact in-window ordinals.</summary>
    Compact,
}
