namespace Pooling.Gpu.Tests;

/// <summary>Where a max pooling's backward takes its indices from.</summary>
public enum IndexForm
{
    /// <summary>PyTorch's int64 h*W + w.</summary>
    Torch,

    /// <summary>The library's compact in-window ordinals.</summary>
    Compact,
}

/// <summary>Runs a forward case's backward on the engine: forward (for max ops, with indices), then backward into a poisoned buffer.</summary>
public static class BackwardRun
{
    /// <summary>The gradient of the output this case's backward tests use: seeded random values.</summary>
    public static float[] GradOutput(this ForwardCase c, TensorShape output) =>
        TestData.Make(output.Length, DataKind.Random, TestData.SeedOf(c.Name + " grad"));

    public static float[] RunBackward(this ForwardCase c, PoolingEngine engine, float[] x, float[] g, TensorShape output, IndexForm form) =>
        c.RunBackward(engine, x, g, c.Shape, output, form, Poison.Value);

    /// <summary>The backward of any element type and layout (the shapes carry it), into a poisoned gradient buffer.</summary>
    public static T[] RunBackward<T>(this ForwardCase c, PoolingEngine engine, T[] x, T[] g, TensorShape inputShape, TensorShape output, IndexForm form, T poison)
        where T : unmanaged
    {
        using var input = engine.Upload<T>(x, inputShape);
        using var gradOutput = engine.Upload<T>(g, output);
        using var gradInput = engine.Upload<T>(Enumerable.Repeat(poison, checked((int)inputShape.Length)).ToArray(), inputShape);
        if (!c.IsMax)
        {
            switch (c.Op)
            {
                case PoolOp.AvgPool2d:
                    engine.AvgPool2dBackward(gradOutput, c.Avg!, gradInput);
                    break;
                case PoolOp.AdaptiveAvgPool2d:
                    engine.AdaptiveAvgPool2dBackward(gradOutput, gradInput);
                    break;
                default:
                    engine.GlobalAvgPool2dBackward(gradOutput, gradInput);
                    break;
            }
        }
        else if (form == IndexForm.Torch)
        {
            using var values = engine.Allocate<T>(output);
            using var indices = engine.Allocate<long>(output);
            switch (c.Op)
            {
                case PoolOp.MaxPool2d:
                    engine.MaxPool2dWithIndices(input, c.Max!, values, indices);
                    engine.MaxPool2dBackward(gradOutput, indices, c.Max!, gradInput);
                    break;
                case PoolOp.AdaptiveMaxPool2d:
                    engine.AdaptiveMaxPool2dWithIndices(input, c.OutputSize, values, indices);
                    engine.AdaptiveMaxPool2dBackward(gradOutput, indices, gradInput);
                    break;
                default:
                    engine.GlobalMaxPool2dWithIndices(input, values, indices);
                    engine.GlobalMaxPool2dBackward(gradOutput, indices, gradInput);
                    break;
            }
        }
        else
        {
            using var values = engine.Allocate<T>(output);
            using var indices = c.ForwardCompact(engine, input, values);
            engine.MaxPoolBackward(gradOutput, indices, gradInput);
        }

        return gradInput.ToArray();
    }

    /// <summary>A max case's forward with compact indices; the caller disposes them.</summary>
    public static MaxPoolIndices ForwardCompact<T>(this ForwardCase c, PoolingEngine engine, DeviceTensor<T> input, DeviceTensor<T> values)
        where T : unmanaged
    {
        switch (c.Op)
        {
            case PoolOp.MaxPool2d:
            {
                var indices = engine.AllocateMaxPoolIndices(input.Shape, c.Max!);
                engine.MaxPool2d(input, c.Max!, values, indices);
                return indices;
            }

            case PoolOp.AdaptiveMaxPool2d:
            {
                var indices = engine.AllocateAdaptiveMaxPoolIndices(input.Shape, c.OutputSize);
                engine.AdaptiveMaxPool2d(input, c.OutputSize, values, indices);
                return indices;
            }

            default:
            {
                var indices = engine.AllocateGlobalMaxPoolIndices(input.Shape);
                engine.GlobalMaxPool2d(input, values, indices);
                return indices;
            }
        }
    }

    /// <summary>The float64 reference gradient of the input.</summary>
    public static ReferenceGradient ReferenceBackward(this ForwardCase c, float[] x, float[] g)
    {
        var forward = c.Reference(x);
        return c.IsMax
            ? ReferencePooling.MaxBackward(g, forward.Indices, c.Shape, forward.Shape)
            : ReferencePooling.AverageBackward(g, c.Windows(), c.Shape);
    }
}
