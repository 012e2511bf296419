using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu.Tests;

/// <summary>
/// A (1, 1, side, side) tensor of zeros with a few values planted near its end, made on the
/// device (a host array cannot hold 2^31 floats), and the answers for it computed on the host
/// from the plants alone. At side 46341 the plane has 2,147,488,281 elements and the last plants
/// lie past offset int.MaxValue.
/// </summary>
public sealed class PlantedPlane
{
    /// <summary>The max pooling the tests run: k2 s2 in ceil mode, so an odd side keeps its last row and column.</summary>
    public static readonly MaxPool2dOptions Pooling = new(2) { CeilMode = true };

    public PlantedPlane(long side)
    {
        Side = side;
        Shape = new TensorShape(1, 1, side, side);
        Output = Pooling.OutputShape(Shape);
        long last = side - 1;
        Values = new Dictionary<long, float>
        {
            [Offset(last, last)] = 7,          // the global maximum, the last element
            [Offset(last, last - 5)] = 5,      // second in its 2x2 window (a 1x2 window in the last row)
            [Offset(last - 2, last - 1)] = -2, // never beats the zeros around it
            [Offset(last - 1, last - 2)] = 3,  // beats the -2 in the same window
            [Offset(last - 2, last - 4)] = 4,  // a tie in one window: the first maximum wins
            [Offset(last - 1, last - 3)] = 4,
        };
    }

    public long Side { get; }

    public TensorShape Shape { get; }

    public TensorShape Output { get; }

    /// <summary>Planted values by offset; every other element is 0.</summary>
    public IReadOnlyDictionary<long, float> Values { get; }

    /// <summary>The bytes the largest test needs on the device (input, input gradient, pooled values, indices and gradient).</summary>
    public long DeviceBytes => (Shape.Length * 8) + (Output.Length * (4 + 8 + 4 + 1));

    public long Offset(long h, long w) => (h * Side) + w;

    /// <summary>Makes the input on the device: zeros, then each plant.</summary>
    public DeviceTensor<float> Upload(PoolingEngine engine)
    {
        var input = engine.Allocate<float>(Shape);
        input.View.MemSetToZero();
        foreach (var (offset, value) in Values)
        {
            input.View.SubView(offset, 1).CopyFromCPU([value]);
        }

        return input;
    }

    /// <summary>The max of output (oh, ow)'s window and its index: strict greater-than, row-major, the first element of an all-zero window.</summary>
    public (float Value, long Index) Max(long oh, long ow)
    {
        (float Value, long Index) best = (float.NegativeInfinity, -1);
        for (long h = 2 * oh; h < Math.Min(2 * oh + 2, Side); h++)
        {
            for (long w = 2 * ow; w < Math.Min(2 * ow + 2, Side); w++)
            {
                float v = Values.GetValueOrDefault(Offset(h, w));
                if (best.Index < 0 || v > best.Value)
                {
                    best = (v, Offset(h, w));
                }
            }
        }

        return best;
    }

    /// <summary>Elements [start, start + count) of a device tensor.</summary>
    public static T[] Read<T>(DeviceTensor<T> tensor, long start, long count)
        where T : unmanaged
    {
        var host = new T[count];
        tensor.View.SubView(start, count).CopyToCPU(host);
        return host;
    }
}
