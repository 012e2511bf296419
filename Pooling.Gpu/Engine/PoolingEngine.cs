using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.OpenCL;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pooling.Gpu;

/// <summary>
/// The entry point of Pooling.Gpu: pooling ops bound to one ILGPU <see cref="ILGPU.Runtime.Accelerator"/>.
/// Made with no accelerator it picks CUDA, then OpenCL, then the CPU accelerator, and owns the
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
    private bool? reducesPlanesInGroups;
    private readonly Context? ownedContext;
    private readonly KernelCache kernels;
    private readonly LaunchShape launch;
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
        launch = new LaunchShape(Accelerator);
        kernels = new KernelCache(Accelerator, LogSelection(options.Logger));
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
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Accelerator = accelerator;
        SelectionReason = "accelerator given by the caller";
        launch = new LaunchShape(accelerator);
        kernels = new KernelCache(accelerator, LogSelection(logger));
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
    public int LoadedKernelCount => kernels.LoadedCount;

    /// <summary>
    /// Whether channels-first global pooling reduces each plane in a warp or group (warp shuffles,
    /// barriers: the GPU's kernel) or in one thread of the window kernel (as adaptive pooling to
    /// 1x1). The GPU's kernel by default where ILGPU compiles warp shuffles (<see cref="Shuffles"/>),
    /// except on ILGPU's CPU accelerator, which emulates a group's threads and pays for each
    /// shuffle and barrier as a synchronisation of host threads. Tests set it to run the GPU's
    /// kernel on the CPU accelerator as well; setting it where ILGPU cannot shuffle is refused.
    /// </summary>
    internal bool ReducesPlanesInGroups
    {
        get => reducesPlanesInGroups ?? (AcceleratorType != AcceleratorType.CPU && Shuffles);
        set => reducesPlanesInGroups = !value || Shuffles
            ? value
            : throw new InvalidOperationException($"ILGPU compiles no warp shuffles for {this}: global pooling must reduce planes in one thread.");
    }

    /// <summary>
    /// Whether ILGPU compiles warp shuffles for this accelerator: on CUDA and the CPU accelerator,
    /// and on OpenCL only for Intel devices, since ILGPU 1.5's OpenCL backend emits them as Intel's
    /// sub-group functions and fails to compile them for any other vendor (the bench's
    /// <c>opencl</c> command checks every kernel both ways).
    /// </summary>
    internal bool Shuffles => AcceleratorSelection.Shuffles(AcceleratorType, (Accelerator as CLAccelerator)?.Vendor);

    /// <summary>
    /// Whether window pooling computes two vertically adjacent outputs per thread where their
    /// windows overlap (<see cref="RowPair"/>): fewer loads per output, more registers per thread
    /// (kernels.md). Off until a GPU run shows it faster: the bench's compare times the forward
    /// cases both ways. Tests turn it on, to check the pair kernel against PyTorch and bit for bit
    /// against the one-output kernel.
    /// </summary>
    internal bool PairsOverlappingRows { get; set; }

    /// <summary>
    /// Whether window pooling of a channels-last input whose C is a multiple of 4 reads each window
    /// position's four consecutive channels in one load (16 bytes in fp32) and computes their four
    /// outputs in one thread (<see cref="ChannelQuadReduction{TAcc, TReduction}"/>), and its
    /// backward four channels' gradients in one thread with one store
    /// (<see cref="ChannelQuadGradient{TAcc, TLoads, TGradient}"/>; kernels.md). Off until a GPU
    /// run shows it faster: the bench's compare times the channels-last cases both ways. Tests
    /// turn it on, as <see cref="PairsOverlappingRows"/>.
    /// </summary>
    internal bool ChannelQuadsPerThread { get; set; }

    /// <summary>
    /// Whether window pooling of a channels-first input whose W is a multiple of 4, with 2x2
    /// stride 2 windows along W (VGG's pooling) or 3x3 stride 2 padding 1 ones (ResNet's stem),
    /// reads four columns of a row in one load (16 bytes in fp32) and computes two outputs in one
    /// thread (<see cref="ColumnQuadReduction{TAcc, TGeometry, TPairs, TReduction}"/>), and whose
    /// backward computes four columns' gradients in one thread with one store
    /// (<see cref="ColumnQuadGradient{TAcc, TLoads, TGeometry, TPairs, TGradient}"/>; kernels.md). Off
    /// until a GPU run shows it faster: the bench's compare times the VGG and stem cases both
    /// ways. Tests turn it on, as <see cref="PairsOverlappingRows"/>.
    /// </summary>
    internal bool ColumnQuadsPerThread { get; set; }

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
            throw new ArgumentException($"The view lives on '{view.GetAccelerator().Name}', not on this engine's '{Accelerator.Name}'.", nameof(view));
        }

        return new DeviceTensor<T>(Accelerator, view, shape);
    }

    /// <summary>A tensor over a caller's dense 1D view (such as <c>buffer.View</c> of <c>Allocate1D</c>), without a copy.</summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="view">Exactly <see cref="TensorShape.Length"/> contiguous elements on this engine's accelerator.</param>
    /// <param name="shape">The shape of the data in the view; the view holds it in the memory order of the shape's layout (NCHW, or NHWC for channels-last).</param>
    /// <returns>A tensor that does not own its memory.</returns>
    /// <exception cref="ArgumentException">The view's length differs from the shape's, or the view lives on another accelerator.</exception>
    public DeviceTensor<T> Wrap<T>(ArrayView1D<T, Stride1D.Dense> view, TensorShape shape)
        where T : unmanaged => Wrap(view.AsContiguous(), shape);

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
    public override string ToString() => $"PoolingEngine on {AcceleratorType} '{DeviceName}' ({SelectionReason})";

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
