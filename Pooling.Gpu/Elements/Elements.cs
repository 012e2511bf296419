namespace Pooling.Gpu;

/// <summary>
/// How a kernel reads, computes with and writes one element type: values of <typeparamref name="T"/>
/// are loaded into an accumulator type <typeparamref name="TAcc"/> (float for fp16, bf16 and fp32;
/// double for fp64, as PyTorch's acc_type) and rounded back once on store.
/// </summary>
/// <typeparam name="T">The storage type.</typeparam>
/// <typeparam name="TAcc">The type computed in.</typeparam>
internal interface IElement<T, TAcc>
    where T : unmanaged
    where TAcc : unmanaged
{
    TAcc Zero { get; }

    TAcc NegativeInfinity { get; }

    TAcc Load(T value);

    T Store(TAcc value);

    TAcc Add(TAcc a, TAcc b);

    TAcc Divide(TAcc sum, long divisor);

    bool Greater(TAcc a, TAcc b);

    bool IsNaN(TAcc value);
}

/// <summary>Conversion between a 32-bit-or-narrower float storage type and float32.</summary>
/// <typeparam name="T">The storage type.</typeparam>
internal interface IFloatCodec<T>
    where T : unmanaged
{
    float ToFloat(T value);

    T FromFloat(float value);
}

/// <summary>An element type computed in float32 (fp32, fp16, bf16): the arithmetic once, the conversion from the codec.</summary>
internal readonly struct FloatElement<T, TCodec> : IElement<T, float>
    where T : unmanaged
    where TCodec : struct, IFloatCodec<T>
{
    public float Zero => 0f;

    public float NegativeInfinity => float.NegativeInfinity;

    public float Load(T value) => default(TCodec).ToFloat(value);

    public T Store(float value) => default(TCodec).FromFloat(value);

    public float Add(float a, float b) => a + b;

    public float Divide(float sum, long divisor) => sum / divisor;

    public bool Greater(float a, float b) => a > b;

    public bool IsNaN(float value) => float.IsNaN(value);
}

/// <summary>float32 storage.</summary>
internal readonly struct SingleCodec : IFloatCodec<float>
{
    public float ToFloat(float value) => value;

    public float FromFloat(float value) => value;
}

/// <summary>float16 storage (ILGPU.Half; System.Half does not compile in ILGPU 1.5.3 kernels); round to nearest even.</summary>
internal readonly struct HalfCodec : IFloatCodec<ILGPU.Half>
{
    public float ToFloat(ILGPU.Half value) => value;

    public ILGPU.Half FromFloat(float value) => (ILGPU.Half)value;
}

/// <summary>bfloat16 storage; round to nearest even, as PyTorch.</summary>
internal readonly struct BFloat16Codec : IFloatCodec<BFloat16>
{
    public float ToFloat(BFloat16 value) => value;

    public BFloat16 FromFloat(float value) => (BFloat16)value;
}

/// <summary>float64, computed in float64.</summary>
internal readonly struct DoubleElement : IElement<double, double>
{
    public double Zero => 0d;

    public double NegativeInfinity => double.NegativeInfinity;

    public double Load(double value) => value;

    public double Store(double value) => value;

    public double Add(double a, double b) => a + b;

    public double Divide(double sum, long divisor) => sum / divisor;

    public bool Greater(double a, double b) => a > b;

    public bool IsNaN(double value) => double.IsNaN(value);
}
