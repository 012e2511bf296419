namespace Pooling.Gpu.Layers;

/// <summary>
/// A layer's buffers of one kind, kept by shape and reused from step to step, as a caching
/// allocator keeps freed blocks. A call takes a free buffer of its shape, or the layer makes one.
/// When a step begins, the buffers the last step took become free again, in the order it took
/// them, so that a step like the last takes the very same buffers; a buffer that the new step's
/// first call reads (its input) stays taken. When a training step begins, the buffers that no
/// call has taken since the last training step began are freed, so that the memory held follows
/// the shapes in use.
/// </summary>
/// <typeparam name="TBuffer">Tensors, or compact indices (kept by the shape of their input).</typeparam>
internal sealed class BufferShelf<TBuffer> : IDisposable
    where TBuffer : class, IDisposable
{
    private readonly Dictionary<TensorShape, List<(TBuffer Buffer, long Step)>> free = [];
    private readonly List<(TensorShape Shape, TBuffer Buffer)> taken = [];
    private long trainingSteps;

    /// <summary>The buffers made so far: a steady state makes none.</summary>
    internal long Allocations { get; private set; }

    /// <summary>The number of buffers taken in this step, a mark for <see cref="GiveBack"/>.</summary>
    internal int TakenCount => taken.Count;

    /// <summary>A free buffer of <paramref name="shape"/>, now taken; null when there is none.</summary>
    internal TBuffer? TryTake(TensorShape shape)
    {
        if (!free.TryGetValue(shape, out var shelf) || shelf.Count == 0)
        {
            return null;
        }

        var buffer = shelf[^1].Buffer;
        shelf.RemoveAt(shelf.Count - 1);
        taken.Add((shape, buffer));
        return buffer;
    }

    /// <summary>Takes a buffer just made for <paramref name="shape"/>.</summary>
    internal TBuffer TakeNew(TensorShape shape, TBuffer made)
    {
        Allocations++;
        taken.Add((shape, made));
        return made;
    }

    /// <summary>Frees again the buffers taken after <paramref name="mark"/> (their call was refused), for the next calls to take.</summary>
    internal void GiveBack(int mark)
    {
        while (taken.Count > mark)
        {
            var (shape, buffer) = taken[^1];
            taken.RemoveAt(taken.Count - 1);
            Shelf(shape).Add((buffer, trainingSteps));
        }
    }

    /// <summary>Begins a step: the buffers taken so far are free again, but <paramref name="inUse"/>.</summary>
    /// <param name="inUse">A buffer the step's first call reads, or null.</param>
    /// <param name="training">Whether a training step begins: it frees what went unused since the last one.</param>
    internal void BeginStep(TBuffer? inUse, bool training)
    {
        if (training)
        {
            FreeUnused();
        }

        // In reverse, so that the buffer taken first is the first taken again.
        (TensorShape Shape, TBuffer Buffer)? kept = null;
        for (int i = taken.Count - 1; i >= 0; i--)
        {
            var (shape, buffer) = taken[i];
            if (buffer == inUse)
            {
                kept = taken[i];
            }
            else
            {
                Shelf(shape).Add((buffer, trainingSteps));
            }
        }

        taken.Clear();
        if (kept is { } entry)
        {
            taken.Add(entry);
        }

        trainingSteps += training ? 1 : 0;
    }

    /// <summary>Frees every buffer, taken or not.</summary>
    public void Dispose()
    {
        foreach (var (_, buffer) in taken)
        {
            buffer.Dispose();
        }

        foreach (var shelf in free.Values)
        {
            shelf.ForEach(entry => entry.Buffer.Dispose());
        }

        taken.Clear();
        free.Clear();
    }

    private List<(TBuffer Buffer, long Step)> Shelf(TensorShape shape)
    {
        if (!free.TryGetValue(shape, out var shelf))
        {
            shelf = [];
            free[shape] = shelf;
        }

        return shelf;
    }

    /// <summary>Frees the buffers last taken before the current training step began, and forgets shapes left with none.</summary>
    private void FreeUnused()
    {
        foreach (var (shape, shelf) in free)
        {
            int kept = 0;
            for (int i = 0; i < shelf.Count; i++)
            {
                if (shelf[i].Step < trainingSteps)
                {
                    shelf[i].Buffer.Dispose();
                }
                else
                {
                    shelf[kept++] = shelf[i];
                }
            }

            if (kept < shelf.Count)
            {
                shelf.RemoveRange(kept, shelf.Count - kept);
                if (kept == 0)
                {
                    free.Remove(shape);
                }
            }
        }
    }
}
