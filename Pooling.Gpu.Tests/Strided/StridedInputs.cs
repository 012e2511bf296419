using System.Runtime.InteropServices;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Passes an op's tensor inputs on as they are, or, strided, as views that hold the same values
/// (<see cref="StridedView.EverySecondChannel"/>, with 0x5A bytes between), kept until disposed.
/// </summary>
public sealed class StridedInputs(PoolingEngine engine, bool strided) : IDisposable
{
    private readonly List<IDisposable> owned = [];

    /// <summary><paramref name="tensor"/>, or a strided view of its values.</summary>
    public DeviceTensor<T> Of<T>(DeviceTensor<T> tensor)
        where T : unmanaged
    {
        if (!strided)
        {
            return tensor;
        }

        T filler = default;
        MemoryMarshal.AsBytes(new Span<T>(ref filler)).Fill(0x5A);
        var view = StridedView.EverySecondChannel.Upload(engine, Layouts.FromLayout(tensor.ToArray(), tensor.Shape, tensor.Shape.Layout), tensor.Shape, filler);
        owned.Add(view);
        return view.Tensor;
    }

    public void Dispose()
    {
        foreach (var tensor in owned)
        {
            tensor.Dispose();
        }
    }
}
