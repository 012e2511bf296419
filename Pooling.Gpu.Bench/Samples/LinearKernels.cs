using ILGPU;

namespace Pooling.Gpu.Samples;

/// <summary>
/// A linear layer <c>logits = features · Wᵀ + b</c>, its backward and SGD, as plain ILGPU
/// kernels: the code an ILGPU program already has around Pooling.Gpu. Row-major throughout:
/// features (batch, channels), weights (classes, channels), logits (batch, classes). One thread
/// per output element; the sizes are a classifier head's, so a plain loop per thread is enough.
/// </summary>
internal static class LinearKernels
{
    /// <summary>logits[n, k] = b[k] + Σc W[k, c] · f[n, c]; one thread per (n, k).</summary>
    internal static void Forward(Index2D nk, ArrayView<float> features, ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> logits, int channels, int classes)
    {
        float sum = bias[nk.Y];
        for (int c = 0; c < channels; c++)
        {
            sum += weights[(nk.Y * channels) + c] * features[(nk.X * channels) + c];
        }

        logits[(nk.X * classes) + nk.Y] = sum;
    }

    /// <summary>dW[k, c] = Σn dlogits[n, k] · f[n, c]; one thread per (k, c).</summary>
    internal static void WeightGradient(Index2D kc, ArrayView<float> gradLogits, ArrayView<float> features, ArrayView<float> gradWeights, int batch, int channels, int classes)
    {
        float sum = 0f;
        for (int n = 0; n < batch; n++)
        {
            sum += gradLogits[(n * classes) + kc.X] * features[(n * channels) + kc.Y];
        }

        gradWeights[(kc.X * channels) + kc.Y] = sum;
    }

    /// <summary>db[k] = Σn dlogits[n, k]; one thread per k.</summary>
    internal static void BiasGradient(Index1D k, ArrayView<float> gradLogits, ArrayView<float> gradBias, int batch, int classes)
    {
        float sum = 0f;
        for (int n = 0; n < batch; n++)
        {
            sum += gradLogits[(n * classes) + k];
        }

        gradBias[k] = sum;
    }

    /// <summary>df[n, c] = Σk dlogits[n, k] · W[k, c], the gradient that flows back into the pools; one thread per (n, c).</summary>
    internal static void InputGradient(Index2D nc, ArrayView<float> gradLogits, ArrayView<float> weights, ArrayView<float> gradFeatures, int channels, int classes)
    {
        float sum = 0f;
        for (int k = 0; k < classes; k++)
        {
            sum += gradLogits[(nc.X * classes) + k] * weights[(k * channels) + nc.Y];
        }

        gradFeatures[(nc.X * channels) + nc.Y] = sum;
    }

    /// <summary>One SGD step: p -= rate · g; one thread per parameter.</summary>
    internal static void Sgd(Index1D i, ArrayView<float> parameters, ArrayView<float> gradients, float rate) =>
        parameters[i] -= rate * gradients[i];
}
