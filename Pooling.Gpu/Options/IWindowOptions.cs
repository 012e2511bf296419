namespace Pooling.Gpu;

/// <summary>What the engine needs from the options of any pooling: PyTorch's op name and the output shape rule.</summary>
internal interface IShapeOptions
{
    /// <summary>PyTorch's name of the op, for messages.</summary>
    string Op { get; }

    /// <summary>The output shape for an input shape, after PyTorch's checks.</summary>
    TensorShape OutputShape(TensorShape input);
}

/// <summary>
/// What the engine needs from the options of a strided window pooling of any spatial rank, so
/// that the 1D, 2D and 3D methods share one implementation: the op's name and output shape rule,
/// and the per-axis kernel, stride, padding and dilation.
/// </summary>
internal interface IWindowOptions : IShapeOptions
{
    /// <summary>Kernel, stride, padding and dilation along D, H and W (unused axes are <see cref="AxisSpec.Unit"/>).</summary>
    (AxisSpec D, AxisSpec H, AxisSpec W) Axes { get; }
}

/// <summary>The options of an average pooling: the window options and the divisor rule.</summary>
internal interface IAverageOptions : IWindowOptions
{
    /// <summary>Count padding positions in the divisor.</summary>
    bool CountIncludePad { get; }

    /// <summary>The divisor of every window when set.</summary>
    int? DivisorOverride { get; }
}

/// <summary>The options of a power-average pooling: the window options and the exponent p.</summary>
internal interface ILpOptions : IWindowOptions
{
    /// <summary>The exponent p.</summary>
    double NormType { get; }
}

/// <summary>What the engine needs from the options of fractional max pooling, so that the 2D and 3D methods share one implementation.</summary>
internal interface IFractionalOptions : IShapeOptions
{
    /// <summary>Samples per plane: the spatial rank (PyTorch's <c>_random_samples.size(2)</c>).</summary>
    int SampleRank { get; }

    /// <summary>The seed windows are drawn from where no samples are given.</summary>
    ulong Seed { get; }

    /// <summary>The windows of pooling <paramref name="input"/> to <paramref name="output"/> (its <see cref="IShapeOptions.OutputShape"/>), computed in float64 when <paramref name="inDouble"/>.</summary>
    FractionalSpec Spec(TensorShape input, TensorShape output, bool inDouble);
}
