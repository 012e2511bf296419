using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pooling.Gpu;

/// <summary>
/// The entry point of Pooling.Gpu: pooling ops bound to one ILGPU <see cref="ILGPU.Runtime.Accelerator"/>.
/// Made with no accelerator it picks CUDA, then OpenCL, then the CPU, and owns the
/// ILGPU context; made from a caller's accelerator it uses that one and never disposes it.
/// Kernels are compiled on first use and cached. The engine is safe to use from several threads.
/// </summary>
/// <remarks>
/// Every op validates its arguments before anything is launched; a rejected call writes nothing.
/// Ops take an optional <see cref="AcceleratorStream"/>: without one they run on the
/// accelerator's default stream and return when the result is ready; with one they are only
/// enqueued, and the caller synchronizes. No op allocates device memory except those that return
/// a new tensor, and max unpooling without a stream, which checks its indices through an 8-byte
/// device buffer.
/// </remarks>
public sealed partial class PoolingEngine : IDisposable
{
    private readonly Context? ownedContext;
    private readonly Dispatcher dispatch;
    private bool disposed;

    /// <summary>An engine on the best accelerator present (see <see cref="PoolingEngineOptions"/>).</summary>
    /// <exception cref="InvalidOperationException">A forced accelerator kind is not present.</exception>
    /// <exception cref="ArgumentException">An environment variable holds an unknown value.</exception>
    public PoolingEngine()
        : this(new PoolingEngineOptions())
    {
    }

    /// <summary>An engine on the accelerator that <paramref name="options"/> asks for.</summary>
    /// <param name="options">How to choose the accelerator.</param>
    /// <exception cref="InvalidOperationException">A forced accelerator kind is not present.</exception>
    /// <exception cref="ArgumentException">An environment variable or the instruction set option holds an unknown value.</exception>
    public PoolingEngine(PoolingEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (ownedContext, Accelerator, SelectionReason) = AcceleratorSelection.Open(options);
        AcceleratorNames.Number(Accelerator); // messages tell accelerators apart by the order of their engines
        dispatch = new Dispatcher(Accelerator, LogSelection(options.Logger), AcceleratorSelection.KernelsOnCpu(options));
    }

    /// <summary>
    /// An engine on the caller's accelerator, which it uses as it is and does not dispose. Any
    /// ILGPU context configuration works: the kernels need no ILGPU.Algorithms intrinsics.
    /// </summary>
    /// <param name="accelerator">The caller's accelerator; it must outlive the engine.</param>
    public PoolingEngine(Accelerator accelerator)
        : this(accelerator, null)
    {
    }

    /// <summary>
    /// An engine on the caller's accelerator, as <see cref="PoolingEngine(ILGPU.Runtime.Accelerator)"/>,
    /// that logs its diagnostics to <paramref name="logger"/> (see <see cref="PoolingEngineOptions.Logger"/>).
    /// </summary>
    /// <param name="accelerator">The caller's accelerator; it must outlive the engine.</param>
    /// <param name="logger">Receives the engine's diagnostics; null logs nothing.</param>
    public PoolingEngine(Accelerator accelerator, ILogger? logger)
        : this(accelerator, logger, kernelsOnCpu: false)
    {
    }

    /// <summary>An engine on the caller's accelerator that runs ILGPU's kernels on a CPU accelerator too (for tests of kernel code).</summary>
    internal PoolingEngine(Accelerator accelerator, ILogger? logger, bool kernelsOnCpu)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Accelerator = accelerator;
        SelectionReason = "accelerator given by the caller";
        AcceleratorNames.Number(Accelerator); // as above
        dispatch = new Dispatcher(accelerator, LogSelection(logger), kernelsOnCpu);
    }

    /// <summary>The accelerator every op runs on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The kind of accelerator: Cuda, OpenCL or CPU.</summary>
    public AcceleratorType AcceleratorType => Accelerator.AcceleratorType;

    /// <summary>The device's name, as the driver reports it.</summary>
    public string DeviceName => Accelerator.Name;

    /// <summary>Why this accelerator was chosen, in one line (for logs and benchmark tables).</summary>
    public string SelectionReason { get; }

    /// <summary>True when the engine created (and will dispose) the accelerator and its context.</summary>
    public bool OwnsAccelerator => ownedContext is not null;

    /// <summary>How many kernel specialisations this engine has compiled and loaded so far.</summary>
    public int LoadedKernelCount => dispatch.LoadedKernelCount;

    /// <summary>Where the ops' checked calls go (internal for tests that choose a kernel path).</summary>
    internal Dispatcher Dispatch => dispatch;

    /// <summary>A new, uninitialised tensor on this engine's accelerator.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="shape">The shape.</param>
    /// <returns>A tensor that owns its buffer.</returns>
    public DeviceTensor<T> Allocate<T>(TensorShape shape)
        where T : unmanaged
    {
        ThrowIfDisposed();
        return new DeviceTensor<T>(Accelerator, Accelerator.Allocate1D<T>(shape.Length), shape);
    }

    /// <summary>A new tensor holding a copy of host data (waits for the copy).</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="data">Exactly <see cref="TensorShape.Length"/> elements in the memory order of <paramref name="shape"/>'s layout (NCHW, or NHWC for channels-last).</param>
    /// <param name="shape">The shape.</param>
    /// <returns>A tensor that owns its buffer.</returns>
    /// <exception cref="ArgumentException">The data has another length than the shape.</exception>
    public DeviceTensor<T> Upload<T>(ReadOnlySpan<T> data, TensorShape shape)
        where T : unmanaged
    {
        if (data.Length != shape.Length)
        {
            throw new ArgumentException($"Expected {shape.Length} elements for shape {shape}, but got {data.Length}.", nameof(data));
        }

        var tensor = Allocate<T>(shape);
        tensor.CopyFrom(data);
        return tensor;
    }

    /// <summary>
    /// A tensor over a caller's view, without a copy: ops read from it or write into it directly.
    /// The caller keeps ownership; disposing the tensor leaves the view alone.
    /// </summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="view">Exactly <see cref="TensorShape.Length"/> contiguous elements on this engine's accelerator.</param>
    /// <param name="shape">The shape of the data in the view; the view holds it in the memory order of the shape's layout (NCHW, or NHWC for channels-last).</param>
    /// <returns>A tensor that does not own its memory.</returns>
    /// <exception cref="ArgumentException">The view's length differs from the shape's, or the view lives on another accelerator.</exception>
    public DeviceTensor<T> Wrap<T>(ArrayView<T> view, TensorShape shape)
        where T : unmanaged
    {
        ThrowIfDisposed();
        if (view.Length != shape.Length)
        {
            throw new ArgumentException($"The view has {view.Length} elements, but shape {shape} needs {shape.Length}.", nameof(view));
        }

        if (view.Length > 0 && view.GetAccelerator() != Accelerator)
        {
            throw new ArgumentException($"The view lives on {AcceleratorNames.NotThisEngines(view.GetAccelerator(), Accelerator)}", nameof(view));
        }

        return new DeviceTensor<T>(Accelerator, view, shape, TensorStrides.Dense(shape), null);
    }

    /// <summary>A tensor over a caller's dense 1D view (such as <c>buffer.View</c> of <c>Allocate1D</c>), without a copy.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="view">Exactly <see cref="TensorShape.Length"/> contiguous elements on this engine's accelerator.</param>
    /// <param name="shape">The shape of the data in the view; the view holds it in the memory order of the shape's layout (NCHW, or NHWC for channels-last).</param>
    /// <returns>A tensor that does not own its memory.</returns>
    /// <exception cref="ArgumentException">The view's length differs from the shape's, or the view lives on another accelerator.</exception>
    public DeviceTensor<T> Wrap<T>(ArrayView1D<T, Stride1D.Dense> view, TensorShape shape)
        where T : unmanaged => Wrap(view.AsContiguous(), shape);

    /// <summary>
    /// A strided tensor over a caller's view, without a copy (PyTorch's <c>as_strided</c>): element
    /// (n, c, h, w) is at <c>n*strides[0] + c*strides[1] + h*strides[2] + w*strides[3]</c> of the
    /// view. Ops read it as they read a contiguous copy; they write contiguous tensors only.
    /// The caller keeps ownership; disposing the tensor leaves the view alone.
    /// </summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="view">The elements on this engine's accelerator, the first at index 0; it must reach the last.</param>
    /// <param name="shape">The logical shape; its layout is the layout of the results of ops over the tensor.</param>
    /// <param name="strides">One stride per dim of <paramref name="shape"/>, in PyTorch's order (N if batched, C, then spatial), in elements; 0 or more (0 repeats an element, as PyTorch's <c>expand</c>).</param>
    /// <returns>A tensor that does not own its memory.</returns>
    /// <exception cref="ArgumentException">The strides do not fit the shape or the view, or the view lives on another accelerator.</exception>
    public DeviceTensor<T> Wrap<T>(ArrayView<T> view, TensorShape shape, ReadOnlySpan<long> strides)
        where T : unmanaged
    {
        ThrowIfDisposed();
        if (strides.Length != shape.Rank)
        {
            throw new ArgumentException($"strides has {strides.Length} entries, but shape {shape} has {shape.Rank} dims.", nameof(strides));
        }

        for (int dim = 0; dim < strides.Length; dim++)
        {
            if (strides[dim] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(strides), strides[dim], $"strides[{dim}] is {strides[dim]}; strides must be 0 or more.");
            }
        }

        var elementStrides = TensorAxes.FromLogical(shape, strides);
        long? extent = TensorAxes.Extent(shape, elementStrides);
        if (extent is not { } needed || needed > view.Length)
        {
            string last = extent is { } reach ? $"element {reach - 1}" : $"past element {long.MaxValue}";
            throw new ArgumentException($"Shape {shape} with strides [{string.Join(", ", strides.ToArray())}] reaches {last}, but the view has {view.Length} elements.", nameof(view));
        }

        if (needed > 0 && view.GetAccelerator() != Accelerator)
        {
            throw new ArgumentException($"The view lives on {AcceleratorNames.NotThisEngines(view.GetAccelerator(), Accelerator)}", nameof(view));
        }

        return new DeviceTensor<T>(Accelerator, view.SubView(0, needed), shape, elementStrides, null);
    }

    /// <summary>A strided tensor over a caller's dense 1D view, without a copy; see <see cref="Wrap{T}(ArrayView{T}, TensorShape, ReadOnlySpan{long})"/>.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="view">The elements on this engine's accelerator, the first at index 0; it must reach the last.</param>
    /// <param name="shape">The logical shape; its layout is the layout of the results of ops over the tensor.</param>
    /// <param name="strides">One stride per dim of <paramref name="shape"/>, in PyTorch's order, in elements; 0 or more.</param>
    /// <returns>A tensor that does not own its memory.</returns>
    /// <exception cref="ArgumentException">The strides do not fit the shape or the view, or the view lives on another accelerator.</exception>
    public DeviceTensor<T> Wrap<T>(ArrayView1D<T, Stride1D.Dense> view, TensorShape shape, ReadOnlySpan<long> strides)
        where T : unmanaged => Wrap(view.AsContiguous(), shape, strides);

    /// <summary>Releases the accelerator and context if the engine created them; a caller's accelerator is left alone.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (ownedContext is not null)
        {
            Accelerator.Dispose();
            ownedContext.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"PoolingEngine on {AcceleratorNames.Of(Accelerator)}: {SelectionReason}";

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>Logs the accelerator this engine runs on and why, and whether its context compiles below O2; returns the logger the kernel cache keeps.</summary>
    private ILogger LogSelection(ILogger? logger)
    {
        logger ??= NullLogger.Instance;
        Log.AcceleratorSelected(logger, AcceleratorType, DeviceName, SelectionReason);
        var level = Accelerator.Context.Properties.OptimizationLevel;
        if (AcceleratorSelection.CompilesSlowly(AcceleratorType, level))
        {
            Log.BelowO2(logger, $"O{(int)level}");
        }

        return logger;
    }
}
