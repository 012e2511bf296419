namespace Pooling.Gpu.Tests;

/// <summary>
/// One op with its options: its float64 reference, its PyTorch call, and its library calls in any
/// element type and layout (the tensors carry them). Each op family is one small record; the
/// cases, variants and tests are written once for all of them.
/// </summary>
public abstract record PoolOp
{
    /// <summary>The op and its options, as test names show them.</summary>
    public abstract string Name { get; }

    /// <summary>The op's name in torch_oracle.py.</summary>
    public abstract string TorchOp { get; }

    /// <summary>A max op: exact values, PyTorch-form and compact indices.</summary>
    public virtual bool IsMax => false;

    /// <summary>Values exact in every element type: max pooling and unpooling, which only move values.</summary>
    public virtual bool Exact => IsMax;

    /// <summary>Backward forms to test: both index forms for max ops.</summary>
    public virtual IndexForm[] BackwardForms => IsMax ? [IndexForm.Torch, IndexForm.Compact] : [IndexForm.Torch];

    /// <summary>Whether PyTorch 1.13 reports this op's indices rounded in bfloat16 (<see cref="TorchBFloat16Indices"/>).</summary>
    public virtual bool TorchRoundsBFloat16Indices => false;

    /// <summary>Whether both layouts give the same bits: the same windows, added in the same order.</summary>
    public virtual bool LayoutsGiveTheSameBits => true;

    /// <summary>The reference windows over an input of shape <paramref name="input"/>.</summary>
    public virtual PoolWindows Windows(TensorShape input) => throw new NotSupportedException($"{Name} pools no windows.");

    /// <summary>The most positions a window of a max op can have over <paramref name="input"/>, padding included (compact indices take 4 bytes past 256).</summary>
    public virtual long WindowPositions(TensorShape input) => 0;

    /// <summary>The output shape the op's options give for <paramref name="input"/>; null where the op's options have no such method.</summary>
    public virtual TensorShape? OptionsOutputShape(TensorShape input) => null;

    /// <summary>The float64 forward of <paramref name="x"/> (logical order): the max or the average of each window.</summary>
    public virtual ReferenceResult Reference(float[] x, TensorShape input) =>
        IsMax ? ReferencePooling.Max(x, Windows(input), input) : ReferencePooling.Average(x, Windows(input), input);

    /// <summary>The float64 input gradient for output gradient <paramref name="g"/>.</summary>
    public virtual ReferenceGradient ReferenceBackward(float[] x, float[] g, TensorShape input)
    {
        if (!IsMax)
        {
            return ReferencePooling.AverageBackward(g, Windows(input), input);
        }

        var forward = Reference(x, input);
        return ReferencePooling.MaxBackward(g, forward.Indices, input, forward.Shape);
    }

    /// <summary>The tolerance scale of a gradient in <paramref name="type"/> (the reference's magnitudes, unless the op rounds an intermediate into the type).</summary>
    public virtual double[] GradientScale(ReferenceGradient reference, ElementType type) => reference.Magnitudes;

    /// <summary>The tolerance scale of an output in <paramref name="type"/> against PyTorch (the reference's magnitudes, unless PyTorch rounds intermediates into the type).</summary>
    public virtual double[] TorchOutputScale(ReferenceResult reference, ElementType type) => reference.Magnitudes;

    /// <summary>The PyTorch call's parameters.</summary>
    public abstract OracleParams TorchParams();

    /// <summary>An index tensor the PyTorch call takes as an input (max_unpool2d), in logical order.</summary>
    public virtual long[]? InputIndices(TensorShape input) => null;

    /// <summary>
    /// Whether PyTorch 1.13 can be asked: not where a max window has no input position (PyTorch
    /// writes an out-of-range index there, and 1.13 then corrupts its heap in backward), nor where
    /// it checks an older rule than the library.
    /// </summary>
    public virtual bool TorchCanAnswer(ReferenceResult reference) => !(IsMax && reference.Indices.Contains(-1));

    /// <summary>Forward into the caller's tensors (PyTorch-form indices too, for max ops).</summary>
    public abstract void Forward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output, DeviceTensor<long>? indices)
        where T : unmanaged;

    /// <summary>The forward's allocating form, without indices.</summary>
    public abstract DeviceTensor<T> ForwardNew<T>(PoolingEngine engine, DeviceTensor<T> input)
        where T : unmanaged;

    /// <summary>A max op's forward with compact indices; the caller disposes them.</summary>
    public virtual MaxPoolIndices ForwardCompact<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> output)
        where T : unmanaged => throw new NotSupportedException($"{Name} has no compact indices.");

    /// <summary>Backward into the caller's <paramref name="gradInput"/>, running what forward it needs first.</summary>
    public abstract void Backward<T>(PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form)
        where T : unmanaged;

    public sealed override string ToString() => Name;

    /// <summary>Compact indices allocated for a forward, after <paramref name="forward"/> has filled them.</summary>
    protected static MaxPoolIndices Filled(MaxPoolIndices indices, Action<MaxPoolIndices> forward)
    {
        forward(indices);
        return indices;
    }

    /// <summary>A max op's backward: from a forward's PyTorch-form or compact indices.</summary>
    protected void MaxBackward<T>(
        PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> gradOutput, DeviceTensor<T> gradInput, IndexForm form, Action<DeviceTensor<long>> fromTorchIndices)
        where T : unmanaged
    {
        using var values = engine.Allocate<T>(gradOutput.Shape);
        if (form == IndexForm.Torch)
        {
            using var indices = engine.Allocate<long>(gradOutput.Shape);
            Forward(engine, input, values, indices);
            fromTorchIndices(indices);
        }
        else
        {
            using var indices = ForwardCompact(engine, input, values);
            engine.MaxPoolBackward(gradOutput, indices, gradInput);
        }
    }
}
