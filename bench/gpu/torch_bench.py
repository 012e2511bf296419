"""PyTorch's half of the GPU comparison, and the check of our GPU results against PyTorch.

Reads the plan.json that `Pooling.Gpu.Bench compare` writes and times each PyTorch peer in it
(torch.nn.functional forward, with indices where asked, or backward through autograd) in every
dtype of the plan, with CUDA events: the median of the runs after warm-up. A device-to-device
copy of the same bytes gives the bandwidth ceiling; the tiny workload also gives the host time
per call. With --check, runs every case of compare's check.json on the same inputs (and unpooling's
indices) in its dtype and compares: max pooling and unpooling values bit for bit and indices exactly,
averages and gradients within 1e-5 relative (fp16: plus two fp16 roundings).
Writes torch.json for `Pooling.Gpu.Bench report`; exits 1 when a check fails.

    python3 torch_bench.py --plan DIR/plan.json --out DIR/torch.json --check DIR/check.json [--device cpu]

The ops themselves come from the test oracle (Pooling.Gpu.Tests/Oracle/torch_oracle.py), so the
comparison and the differential tests call PyTorch the same way.
"""
import argparse
import base64
import datetime
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# In the repository the oracle is in the test project; in the GPU bundle, beside this script.
for folder in (os.path.join(HERE, "..", "..", "Pooling.Gpu.Tests", "Oracle"), os.path.join(HERE, "Oracle")):
    if os.path.exists(os.path.join(folder, "torch_oracle.py")):
        sys.path.insert(0, folder)
        break
from torch_oracle import forward  # noqa: E402  (found on the path set above)

DTYPES = {"fp32": torch.float32, "fp16": torch.float16}
# Averages and gradients: float32 rounding of a sum; in fp16 a rounding of each side into fp16 (2 * 2^-11) on top.
TOLERANCE = {"fp32": 1e-5, "fp16": 1e-5 + 2 ** -10}


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def time_ms(fn, device, warmups, runs):
    """Median and minimum of `runs` timed calls after `warmups`: CUDA events on a GPU, the host clock on the CPU."""
    for _ in range(warmups):
        fn()
    synchronize(device)
    if device.type == "cuda":
        events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(runs)]
        for start, end in events:
            start.record()
            fn()
            end.record()
        torch.cuda.synchronize()
        ms = [start.elapsed_time(end) for start, end in events]
    else:
        ms = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            ms.append((time.perf_counter() - start) * 1e3)
    return statistics.median(ms), min(ms)


def unpool_indices(peer, shape, dtype, device):
    """max_unpool2d's index input for an input of `shape`: those of max pooling a random tensor of the output's size with the same options."""
    p = peer["params"]
    kernel, stride, padding = p["kernel_size"], p.get("stride", p["kernel_size"]), p.get("padding", [0, 0])
    size = p.get("output_size") or [(shape[-2 + i] - 1) * stride[i] - 2 * padding[i] + kernel[i] for i in range(2)]
    source = torch.rand(list(shape[:-2]) + list(size), dtype=dtype, device=device)
    values, indices = F.max_pool2d(source, tuple(kernel), tuple(stride), tuple(padding), return_indices=True)
    assert list(values.shape) == list(shape), f"max_pool2d of {list(source.shape)} gives {list(values.shape)}, not {shape}"
    return indices


def peer_call(peer, shape, dtype, device):
    """The call to time for one peer, and its bytes as PyTorch moves them on CUDA."""
    x = torch.rand(shape, dtype=dtype, device=device) * 2 - 1  # uniform in [-1, 1), as ours
    if peer.get("channels_last"):
        x = x.contiguous(memory_format=torch.channels_last)
    params = dict(peer["params"], return_indices=peer["indices"])
    unpool = peer["op"] == "max_unpool2d"
    index_input = unpool_indices(peer, shape, dtype, device) if unpool else None
    if peer["backward"]:
        x.requires_grad_(True)
        y, _ = forward(peer["op"], x, params, index_input)
        grad = torch.rand_like(y) * 2 - 1

        def call():
            return torch.autograd.grad(y, x, grad, retain_graph=True)
    else:
        y, _ = forward(peer["op"], x, params, index_input)

        def call():
            return forward(peer["op"], x, params, index_input)
    # PyTorch's CUDA max poolings write int64 indices even when they are not returned; unpooling reads one per input.
    index_bytes = 8 * x.numel() if unpool else 8 * y.numel() if "max_pool" in peer["op"] else 0
    moved = (x.numel() + y.numel()) * x.element_size() + index_bytes
    return call, moved


def copy_ms(nbytes, device, warmups, runs, cache):
    """A device-to-device copy that reads and writes `nbytes` in all."""
    if nbytes not in cache:
        source = torch.empty(max(1, nbytes // 2), dtype=torch.uint8, device=device)
        target = torch.empty_like(source)
        cache[nbytes] = time_ms(lambda: target.copy_(source), device, warmups, runs)[0]
    return cache[nbytes]


def host_overhead(peer, shape, device, calls):
    """Host time per call in microseconds: synchronous calls, and calls enqueued then synchronized once."""
    call, _ = peer_call(peer, shape, torch.float32, device)
    call()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(calls):
        call()
        synchronize(device)
    sync_us = (time.perf_counter() - start) * 1e6 / calls
    start = time.perf_counter()
    for _ in range(calls):
        call()
    synchronize(device)
    return sync_us, (time.perf_counter() - start) * 1e6 / calls


def decode(text, dtype, shape, channels_last=False):
    """A tensor of logical `shape` (N, C, H, W for 2D) from our bytes, which are in memory order: N, H, W, C for channels-last."""
    if not channels_last:
        return torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype=dtype).copy()).reshape(shape)
    n, c, h, w = shape
    return decode(text, dtype, (n, h, w, c)).permute(0, 3, 1, 2)


def compare_close(ours, theirs, scale):
    """Largest error relative to |theirs| + scale, the size of float32 rounding in a sum."""
    ours, theirs = ours.double(), theirs.double()
    if not torch.equal(torch.isfinite(ours), torch.isfinite(theirs)):
        return float("inf")
    finite = torch.isfinite(theirs)
    if not finite.any():
        return 0.0
    return ((ours - theirs).abs()[finite] / (theirs.abs()[finite] + scale)).max().item()


def check_case(case, device):
    """Problems found in one case of check.json, as text (empty when it agrees with PyTorch)."""
    peer = case["peer"]
    dtype_name = case.get("dtype", "fp32")
    dtype = DTYPES[dtype_name]
    # fp16 on the CPU, which PyTorch 1.13's poolings lack there: float32 on the same values, each
    # result rounded once to fp16, what PyTorch's CUDA kernels compute (they accumulate in float32).
    compute = torch.float32 if device.type == "cpu" else dtype
    layout = {"memory_format": torch.channels_last} if peer.get("channels_last") else {}
    last = bool(layout)
    x = decode(case["input"], "<f4", case["shape"], last).to(device=device, dtype=compute).contiguous(**layout)
    index_input = None if case.get("index_input") is None else decode(case["index_input"], "<i8", case["shape"]).to(device)
    backward = case.get("grad_output") is not None
    x.requires_grad_(backward)
    y, indices = forward(peer["op"], x, dict(peer["params"], return_indices=case.get("indices") is not None or backward), index_input)
    tolerance = TOLERANCE[dtype_name]
    problems = []
    if case.get("output") is not None:
        ours = decode(case["output"], "<f4", case["output_shape"], last)
        theirs = y.detach().to(dtype).cpu()
        if "max" in peer["op"]:
            same = (ours == theirs) | (ours.isnan() & theirs.isnan())
            if not same.all():
                problems.append(f"{int((~same).sum())} max values differ")
        else:
            error = compare_close(ours, theirs, x.detach().abs().mean().item())
            if error > tolerance:
                problems.append(f"averages differ by {error:.3g} relative")
    if case.get("indices") is not None:
        ours = decode(case["indices"], "<i8", case["output_shape"], last)
        differ = int((ours != indices.cpu()).sum())
        if differ:
            problems.append(f"{differ} indices differ")
    if backward:
        grad_output = decode(case["grad_output"], "<f4", case["output_shape"], last).to(device=device, dtype=compute)
        (y * grad_output).sum().backward()
        ours = decode(case["grad_input"], "<f4", case["shape"], last)
        error = compare_close(ours, x.grad.to(dtype).cpu(), grad_output.abs().mean().item())
        if error > tolerance:
            problems.append(f"gradients differ by {error:.3g} relative")
    return problems


def device_name(device):
    return torch.cuda.get_device_name(device) if device.type == "cuda" else (platform.processor() or platform.machine())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", required=True, help="plan.json written by `Pooling.Gpu.Bench compare`")
    parser.add_argument("--out", required=True, help="where to write torch.json")
    parser.add_argument("--check", help="check.json written by compare: check our results against PyTorch")
    parser.add_argument("--device", default="cuda", help="cuda (default) or cpu")
    args = parser.parse_args()

    with open(args.plan) as f:
        plan = json.load(f)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit(f"--device cuda, but torch {torch.__version__} sees no CUDA device")
    warmups, runs = plan["warmups"], plan["runs"]

    rows, copies = [], {}
    for entry in plan["peers"]:
        for dtype_name in plan["dtypes"]:
            row = {"workload": entry["workload"], "peer": entry["key"], "dtype": dtype_name, "input": entry["input"]}
            try:
                call, moved = peer_call(entry["peer"], entry["input"], DTYPES[dtype_name], device)
                median, fastest = time_ms(call, device, warmups, runs)
                copy = copy_ms(moved, device, warmups, runs, copies)
                row.update(bytes=moved, median_ms=median, min_ms=fastest, gbps=moved / (median * 1e6),
                           copy_ms=copy, copy_gbps=moved / (copy * 1e6))
            except Exception as e:  # a dtype or op that this torch or device lacks is this row's answer
                row["error"] = (str(e).splitlines() or [type(e).__name__])[0]
            rows.append(row)
            print(f"{row['workload']:6} {row['peer']:32} {dtype_name:5} "
                  + (f"{row['median_ms']:10.4f} ms {row['gbps']:8.1f} GB/s" if "error" not in row else f"error: {row['error']}"),
                  flush=True)

    wanted = plan["overhead"]
    entry = next(p for p in plan["peers"] if p["workload"] == wanted["workload"] and p["key"] == wanted["key"])
    sync_us, enqueued_us = host_overhead(entry["peer"], entry["input"], device, wanted["calls"])
    overhead = {"workload": wanted["workload"], "op": wanted["key"], "calls": wanted["calls"],
                "sync_us": sync_us, "enqueued_us": enqueued_us}
    print(f"host overhead ({wanted['workload']}/{wanted['key']}, {wanted['calls']} calls): "
          f"{sync_us:.1f} us per synchronous call, {enqueued_us:.1f} us per enqueued call")

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "torch_version": torch.__version__,
        "cuda_version": torch.version.cuda,
        "device": str(device),
        "device_name": device_name(device),
        "scale": plan["scale"],
        "warmups": warmups,
        "runs": runs,
        "rows": rows,
        "overhead": overhead,
    }
    failed = 0
    if args.check:
        with open(args.check) as f:
            cases = json.load(f)["cases"]
        failures = []
        for case in cases:
            for problem in check_case(case, device):
                failures.append(f"{case['id']} seed {case['seed']}: {problem}")
        failed = len({f.split(":")[0] for f in failures})
        result["check"] = {"cases": len(cases), "passed": len(cases) - failed, "failed": failed, "failures": failures}
        print(f"check: {len(cases) - failed} of {len(cases)} cases agree with torch {torch.__version__} on {device}")
        for failure in failures:
            print(f"  MISMATCH {failure}")
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
