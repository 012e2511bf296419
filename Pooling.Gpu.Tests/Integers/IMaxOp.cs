namespace Pooling.Gpu.Tests;

/// <summary>
/// A max pooling with its options, as the integer suite runs it: its windows, its PyTorch call,
/// and its library calls in any element type and layout (the tensors carry them). The 1D and 3D
/// ones are the breadth suite's <see cref="MaxPoolOp"/> and <see cref="AdaptiveOp"/> (max), the 2D
/// ones <see cref="PlaneMaxOp"/>.
/// </summary>
public interface IMaxOp
{
    /// <summary>The op and its options, as test names show them.</summary>
    string Name { get; }

    /// <summary>The op's name in torch_oracle.py.</summary>
    string TorchOp { get; }

    /// <summary>The PyTorch call's parameters, indices asked for.</summary>
    OracleParams TorchParams();

    /// <summary>The reference windows over an input of shape <paramref name="input"/>.</summary>
    PoolWindows Windows(TensorShape input);

    /// <summary>Forward into the caller's values and PyTorch-form indices.</summary>
    void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
        where T : unmanaged;

    /// <summary>The allocating form, without indices.</summary>
    DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
        where T : unmanaged;

    /// <summary>Forward with compact indices; the caller disposes them.</summary>
    MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
        where T : unmanaged;
}
