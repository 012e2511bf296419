using System.Globalization;
using System.Text;

namespace Pooling.Gpu.Bench.Report;

/// <summary>The Markdown page of a <see cref="Comparison"/>: the setup, one table row per op, host overhead, the check.</summary>
internal static class ReportMarkdown
{
    internal static string Render(Comparison c, string chartFile)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Pooling.Gpu vs PyTorch: {c.Device.Name}, {c.Date[..10]}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- Device: {c.Device.Name} ({c.Device.Accelerator}");
        text.Append(c.Device.Driver is null ? "" : $", driver {c.Device.Driver}");
        text.Append(c.Device.CudaDriverApi is null ? "" : $", CUDA driver API {c.Device.CudaDriverApi}, {c.Device.CudaArchitecture}, PTX {c.Device.PtxIsa}");
        text.Append(")\n");
        text.Append(CultureInfo.InvariantCulture, $"- Ours: ILGPU {c.IlgpuVersion} ({c.IlgpuOptimization}) on {c.DotnetVersion}, {c.Selection}; PyTorch {c.TorchVersion}");
        text.Append(c.CudaVersion is null ? "" : $" (CUDA {c.CudaVersion})").Append(CultureInfo.InvariantCulture, $" on {c.TorchDevice}.\n");
        text.Append(CultureInfo.InvariantCulture, $"- Shapes: {c.Scale} (bench/gpu). Times: device clock (ILGPU profiling markers, CUDA events), median of {c.Runs} runs after warm-up, in one run of bench/gpu/on-device.sh.\n");
        text.Append("- speedup = PyTorch ms / our ms (above 1: ours is faster). GB/s and % of copy on each side's own compulsory bytes ");
        text.Append("(PyTorch's max poolings write int64 indices, ours 1-byte compact ones or none); copy = a device-to-device copy of as many bytes.\n\n");
        text.Append(CultureInfo.InvariantCulture, $"![chart]({chartFile})\n\n");

        var table = new MarkdownTable("op", "workload", "dtype", "ours ms", "PyTorch ms", "speedup", "ours GB/s", "ours % of copy", "PyTorch GB/s", "PyTorch % of copy");
        foreach (var r in c.Rows)
        {
            table.Add(
                r.Op, r.Workload, r.Dtype, Numbers.ThreeDigits(r.OurMs), r.TorchError is null ? Numbers.ThreeDigits(r.TorchMs) : "error",
                r.Speedup is { } s ? $"{Numbers.ThreeDigits(s)}x" : "-", Numbers.ThreeDigits(r.OurGbps), Percent(r.OurCopyPercent),
                Numbers.ThreeDigits(r.TorchGbps), Percent(r.TorchCopyPercent));
        }

        text.Append(table).Append('\n');
        var o = c.OurOverhead;
        var t = c.TorchOverhead;
        text.Append(CultureInfo.InvariantCulture, $"Host overhead per call ({o.Workload}/{o.Op}, {o.Calls} calls): ");
        text.Append(CultureInfo.InvariantCulture, $"ours {o.SyncUs:F1} us synchronous, {o.EnqueuedUs:F1} us enqueued; ");
        text.Append(CultureInfo.InvariantCulture, $"PyTorch {t.SyncUs:F1} us synchronous, {t.EnqueuedUs:F1} us enqueued ");
        text.Append(CultureInfo.InvariantCulture, $"(ours / PyTorch: {o.SyncUs / t.SyncUs:F2} and {o.EnqueuedUs / t.EnqueuedUs:F2}).\n\n");
        if (c.Check is { } check)
        {
            text.Append(CultureInfo.InvariantCulture, $"Correctness on this device: {check.Passed} of {check.Cases} seeded cases agree with PyTorch ");
            text.Append("(max values bit for bit and indices exactly; averages and gradients within 1e-5 relative).\n");
            foreach (string failure in check.Failures)
            {
                text.Append(CultureInfo.InvariantCulture, $"- MISMATCH {failure}\n");
            }
        }

        var errors = c.Rows.Where(r => r.TorchError is not null).ToArray();
        if (errors.Length > 0)
        {
            text.Append("\nPyTorch rows that did not run:\n");
            foreach (var r in errors)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {r.Workload} {r.Peer} {r.Dtype}: {r.TorchError}\n");
            }
        }

        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? $"{v:F0}%" : "-";
}
