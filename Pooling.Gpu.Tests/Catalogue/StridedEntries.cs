using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace Pooling.Gpu.Tests;

/// <summary>
/// Bad views: Narrow and Slice outside the tensor's dims, a strided Wrap whose strides do not fit
/// the shape or reach past the caller's view, and the uses a strided tensor cannot have (its
/// <see cref="DeviceTensor{T}.View"/>, <see cref="DeviceTensor{T}.CopyFrom"/>, a view of a
/// disposed tensor). Strided outputs are derived for every call that writes one (<see cref="ArgumentSubstitutes"/>).
/// </summary>
public static class StridedEntries
{
    private static readonly long[] Dense = [27, 9, 3, 1];

    public static IEnumerable<BadCall> All
    {
        get
        {
            var tensor = typeof(DeviceTensor<float>);
            var narrow = tensor.GetMethod(nameof(DeviceTensor<float>.Narrow))!;
            foreach (var (what, call, parameter, message) in new (string, Func<DeviceTensor<float>, object>, string, string)[]
            {
                ("dim past the rank", t => t.Narrow(4, 0, 1), "dim", "Dimension out of range (expected to be in range of [-4, 3], but got 4)"),
                ("start past the dim", t => t.Narrow(1, 4, 0), "start", "start (4) must lie in [0, 3]"),
                ("length past the dim's end", t => t.Narrow(-1, 4, 3), "length", "start (4) + length (3) exceeds dimension size (6)"),
                ("negative length", t => t.Narrow(0, 0, -1), "length", "-1"),
            })
            {
                yield return new($"DeviceTensor.Narrow: {what}", tensor, narrow, f => call(f.Input), typeof(ArgumentOutOfRangeException), parameter, message);
            }

            var slice = tensor.GetMethod(nameof(DeviceTensor<float>.Slice))!;
            foreach (var (what, call, parameter, message) in new (string, Func<DeviceTensor<float>, object>, string, string)[]
            {
                ("dim before the first", t => t.Slice(-5, 0, 1), "dim", "but got -5"),
                ("step 0", t => t.Slice(1, 0, 3, 0), "step", "slice step must be positive, but got 0."),
                ("end past the dim", t => t.Slice(2, 0, 7, 2), "end", "end (7) must lie in [0, 6]"),
                ("start after end", t => t.Slice(1, 3, 2), "start", "start (3) must lie in [0, 2]"),
            })
            {
                yield return new($"DeviceTensor.Slice: {what}", tensor, slice, f => call(f.Input), typeof(ArgumentOutOfRangeException), parameter, message);
            }

            yield return new("DeviceTensor.Narrow: disposed tensor", tensor, narrow, f => ((DeviceTensor<float>)f.DisposedTwin(f.Input)).Narrow(1, 0, 1), typeof(ObjectDisposedException));
            yield return new("DeviceTensor.View: strided view", tensor, tensor.GetProperty(nameof(DeviceTensor<float>.View))!.GetMethod!,
                f => Strided(f).View, typeof(InvalidOperationException), Message: "is a strided view (strides [216, 72, 6, 1])");
            yield return new("DeviceTensor.CopyFrom: strided view", tensor, tensor.GetMethod(nameof(DeviceTensor<float>.CopyFrom))!,
                f => { Strided(f).CopyFrom(new float[CatalogueFixture.InputShape.Length]); return null; }, typeof(InvalidOperationException), Message: "CopyFrom writes contiguous tensors only");
            yield return new("DeviceTensor.ToArray: view of a disposed tensor", tensor, tensor.GetMethod(nameof(DeviceTensor<float>.ToArray))!,
                f => OfDisposed(f).ToArray(), typeof(ObjectDisposedException), Message: "is a view of a tensor of shape [2, 6, 6, 6] that was disposed");
            yield return new("PoolingEngine.MaxPool(input, options, stream): input a view of a disposed tensor", typeof(PoolingEngine),
                BadInputCatalogue.Method(f => f.Engine.MaxPool(f.Input, CatalogueFixture.Max, f.Stream)),
                f => f.Engine.MaxPool(OfDisposed(f), CatalogueFixture.Max), typeof(ObjectDisposedException), Message: "input (DeviceTensor<Single> of shape [2, 3, 6, 6]) is a view of a tensor");

            var wrap = Wrap(typeof(ArrayView<>));
            foreach (var (what, strides, exception, parameter, message) in new (string, long[], Type, string, string)[]
            {
                ("strides of another rank", [9, 3, 1], typeof(ArgumentException), "strides", "strides has 3 entries, but shape [2, 3, 3, 3] has 4 dims."),
                ("a negative stride", [27, -9, 3, 1], typeof(ArgumentOutOfRangeException), "strides", "strides[1] is -9; strides must be 0 or more."),
                ("strides past the view's end", [27, 9, 3, 2], typeof(ArgumentException), "view", "reaches element 55, but the view has 54 elements."),
                ("strides past long", [long.MaxValue, 9, 3, 1], typeof(ArgumentException), "view", $"reaches past element {long.MaxValue}"),
            })
            {
                yield return new($"PoolingEngine.Wrap(view, shape, strides): {what}", typeof(PoolingEngine), wrap,
                    f => f.Engine.Wrap(f.Output.View, CatalogueFixture.PooledShape, strides), exception, parameter, message);
            }

            yield return new("PoolingEngine.Wrap(view, shape, strides): view on another accelerator", typeof(PoolingEngine), wrap,
                f => f.Engine.Wrap((ArrayView<float>)f.ForeignTwin(f.Output.View), CatalogueFixture.PooledShape, Dense), typeof(ArgumentException), "view", "The view lives on");
            yield return new("PoolingEngine.Wrap(view, shape, strides): disposed engine", typeof(PoolingEngine), wrap,
                f => f.DisposedEngine.Wrap(f.Output.View, CatalogueFixture.PooledShape, Dense), typeof(ObjectDisposedException));

            var wrapDense = Wrap(typeof(ArrayView1D<,>));
            yield return new("PoolingEngine.Wrap(view1D, shape, strides): strides past the view's end", typeof(PoolingEngine), wrapDense,
                f => f.Engine.Wrap(f.Output.View.AsDense().SubView(1, 53), CatalogueFixture.PooledShape, Dense), typeof(ArgumentException), "view", "reaches element 53, but the view has 53 elements.");
            yield return new("PoolingEngine.Wrap(view1D, shape, strides): disposed engine", typeof(PoolingEngine), wrapDense,
                f => f.DisposedEngine.Wrap(f.Output.View.AsDense(), CatalogueFixture.PooledShape, Dense), typeof(ObjectDisposedException));
        }
    }

    /// <summary>Every second channel of a tensor of the input's shape with 6 channels.</summary>
    private static DeviceTensor<float> Strided(CatalogueFixture f) =>
        f.Own(f.Engine.Allocate<float>(CatalogueShapes.WithChannels(CatalogueFixture.InputShape, 6))).Slice(1, 0, 6, 2);

    /// <summary>A view of the input's shape of a tensor since disposed.</summary>
    private static DeviceTensor<float> OfDisposed(CatalogueFixture f)
    {
        using var whole = f.Engine.Allocate<float>(CatalogueShapes.WithChannels(CatalogueFixture.InputShape, 6));
        return whole.Slice(1, 0, 6, 2);
    }

    /// <summary>The strided Wrap over a view of <paramref name="viewType"/>, as its generic definition.</summary>
    private static MethodInfo Wrap(Type viewType) => typeof(PoolingEngine).GetMethods().Single(m =>
        m.Name == nameof(PoolingEngine.Wrap) && m.GetParameters() is [var view, _, _] && view.ParameterType.IsGenericType && view.ParameterType.GetGenericTypeDefinition() == viewType);
}
