namespace Pooling.Gpu.Samples;

/// <summary>
/// The mean softmax cross-entropy of a batch of logits and its gradient, on the host: a head's
/// batch has a few dozen logits, fewer than a kernel launch is worth.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>The loss and d(loss)/d(logits) = (softmax - one-hot) / batch.</summary>
    /// <param name="logits">Row-major (batch, classes).</param>
    /// <param name="labels">One class per row.</param>
    internal static (double Loss, float[] GradLogits) Compute(float[] logits, int[] labels)
    {
        int batch = labels.Length;
        int classes = logits.Length / batch;
        var grad = new float[logits.Length];
        double loss = 0;
        for (int n = 0; n < batch; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            double max = double.NegativeInfinity;
            foreach (float z in row)
            {
                max = Math.Max(max, z);
            }

            // Shifted by the row's max, so that exp cannot overflow.
            double sum = 0;
            foreach (float z in row)
            {
                sum += Math.Exp(z - max);
            }

            loss += Math.Log(sum) + max - row[labels[n]];
            for (int k = 0; k < classes; k++)
            {
                double softmax = Math.Exp(row[k] - max) / sum;
                grad[(n * classes) + k] = (float)((softmax - (k == labels[n] ? 1 : 0)) / batch);
            }
        }

        return (loss / batch, grad);
    }
}
