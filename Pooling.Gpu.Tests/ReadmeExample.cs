using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;
using Pooling.Gpu.Layers;

namespace Pooling.Gpu.Tests;

/// <summary>
/// The usage example of README.md, line for line between the markers, so that a test keeps it
/// compiling and correct.
/// </summary>
public static class ReadmeExample
{
    /// <summary>Runs the example: its input, the max pool values and indices, the plane means, and the max pool again on a stream.</summary>
    public static (float[] Image, float[] Pooled, long[] Indices, float[] Means, float[] PooledOnStream) Run()
    {
        // README example begins
        using var engine = new PoolingEngine();     // CUDA, then OpenCL, then the CPU
        Console.WriteLine(engine);                  // the device, and why it was chosen

        var shape = new TensorShape(1, 3, 8, 8);    // N, C, H, W
        float[] image = Enumerable.Range(0, 3 * 8 * 8).Select(i => MathF.Sin(i)).ToArray();
        using var input = engine.Upload<float>(image, shape);

        // F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)
        var options = new MaxPool2dOptions(3) { Stride = 2, Padding = 1 };
        using var max = engine.MaxPool2dWithIndices(input, options);
        float[] pooled = max.Output.ToArray();      // shape [1, 3, 4, 4]
        long[] indices = max.Indices.ToArray();     // h * W + w of each max within its plane

        // x.mean((2, 3), keepdim=True)
        using var mean = engine.GlobalAvgPool2d(input);
        float[] means = mean.ToArray();             // shape [1, 3, 1, 1]

        // With a stream, a call only enqueues: synchronize before reading the result.
        using var stream = engine.Accelerator.CreateStream();
        using var output = engine.Allocate<float>(options.OutputShape(shape));
        engine.MaxPool2d(input, options, output, stream);
        stream.Synchronize();
        // README example ends

        return (image, pooled, indices, means, output.ToArray());
    }

    /// <summary>Runs the training example: its input and upstream gradient, then the features and the input's gradient of the last step.</summary>
    public static (float[] Image, float[] Upstream, float[] Features, float[] GradImage) Train()
    {
        using var engine = new PoolingEngine();
        var shape = new TensorShape(2, 3, 8, 8);
        float[] image = Enumerable.Range(0, 2 * 3 * 8 * 8).Select(i => MathF.Cos(i)).ToArray();
        float[] upstream = Enumerable.Range(0, 2 * 3).Select(i => 1f + i).ToArray();
        using var x = engine.Upload<float>(image, shape);
        using var gradFeatures = engine.Upload<float>(upstream, new TensorShape(2, 3, 1, 1));
        DeviceTensor<float>? features = null, gradImage = null;

        // README training example begins
        using var pool = new MaxPool2d<float>(engine, new MaxPool2dOptions(3) { Stride = 2, Padding = 1 });
        using var gap = new GlobalAvgPool2d<float>(engine);
        for (int step = 0; step < 3; step++)
        {
            features = gap.Forward(pool.Forward(x));              // (2, 3, 1, 1); compact indices kept
            // ... the loss and its gradient gradFeatures, of the features' shape ...
            gradImage = pool.Backward(gap.Backward(gradFeatures)); // (2, 3, 8, 8)
        }
        // README training example ends

        return (image, upstream, features!.ToArray(), gradImage!.ToArray());
    }

    /// <summary>Runs the interop example: the images its own kernel wrote, and the pooled result in its own buffer.</summary>
    public static (float[] Images, float[] Pooled) Interop()
    {
        // README interop example begins
        // An ILGPU program: its context, accelerator, stream, buffers and a kernel of its own.
        using var context = Context.CreateDefault();
        using var accelerator = context.GetPreferredDevice(preferCPU: false).CreateAccelerator(context);
        using var stream = accelerator.CreateStream();
        using var images = accelerator.Allocate1D<float>(2 * 16 * 32 * 32);
        using var pooled = accelerator.Allocate1D<float>(2 * 16 * 16 * 16);
        static void Fill(Index1D i, ArrayView<float> data) => data[i] = (i * 37 % 101) - 50f;
        accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>>(Fill)(stream, (int)images.Length, images.View);

        // Pooling.Gpu on the same accelerator, buffers and stream: no copy, no synchronisation.
        using var engine = new PoolingEngine(accelerator);      // uses the accelerator, never disposes it
        using var x = engine.Wrap(images.View, new TensorShape(2, 16, 32, 32));
        using var y = engine.Wrap(pooled.View, new TensorShape(2, 16, 16, 16));
        engine.MaxPool2d(x, new MaxPool2dOptions(2), y, stream); // enqueued after Fill, on its stream
        stream.Synchronize();                                    // when the program wants the result
        float[] result = pooled.GetAsArray1D();
        // README interop example ends

        return (images.GetAsArray1D(), result);
    }

    /// <summary>Runs the diagnostics example, which logs to <paramref name="logger"/>.</summary>
    public static void Diagnostics(ILogger logger)
    {
        // README diagnostics example begins
        // logger: any ILogger, e.g. loggerFactory.CreateLogger<PoolingEngine>() or one from a host's services
        using var engine = new PoolingEngine(new PoolingEngineOptions { Logger = logger });
        using var input = engine.Upload<float>(new float[4 * 8 * 8], new TensorShape(1, 4, 8, 8));
        using var means = engine.GlobalAvgPool2d(input);  // on a GPU, the first use loads the kernel: logged once
        using var again = engine.GlobalAvgPool2d(input);  // loaded already: nothing logged
        // README diagnostics example ends
    }
}
