"""PyTorch oracle for Pooling.Gpu's differential tests.

Reads one JSON request on stdin and writes one JSON response on stdout; TorchOracle.cs
documents the protocol. Tensors travel as base64 of little-endian float32 (int64 for indices);
outputs and gradients also as float64, for float64 cases. A case may ask for another dtype
("float64", "float16", "bfloat16") and for the channels_last memory format; its input values are
float32 numbers representable in that dtype. A case that PyTorch rejects gets its error text; it
never stops the rest of the batch.

Debian's PyTorch 1.13 has no CPU float16 pooling, and no CPU bfloat16 for the 3D poolings and
max_unpool2d. There, such cases run in float32 on the rounded inputs and round the results once:
what PyTorch's CUDA kernels compute (they accumulate in float32). On CUDA, they run natively.

A case may carry "indices" (int64, the input's shape): max_unpool2d's index input. The fractional
poolings take their _random_samples from the params.
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F


def decode(text, shape=None, dtype="<f4"):
    # copy(): the decoded buffer is read-only, and autograd needs a writable leaf.
    x = torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype=dtype).copy())
    return x if shape is None else x.reshape(shape)


def encode(tensor, dtype):
    # numpy has no bfloat16: widen to float64 first, exactly.
    array = tensor.detach().cpu().contiguous().double().numpy().astype(dtype)
    return base64.b64encode(array.tobytes()).decode("ascii")


def size(value):
    """A size param: an int as it is, a list as a tuple."""
    return tuple(value) if isinstance(value, list) else value


def forward(op, x, p, index_input=None):
    """Returns (output, indices or None) of one op, with torch's own defaults for absent params."""
    want_indices = p.get("return_indices", False)
    window = {"kernel_size": size(p.get("kernel_size")), "stride": size(p.get("stride")), "padding": size(p.get("padding", 0))}
    if op in ("max_pool1d", "max_pool3d"):
        pool = F.max_pool1d if op == "max_pool1d" else F.max_pool3d
        y = pool(x, **window, dilation=size(p.get("dilation", 1)), ceil_mode=p.get("ceil_mode", False), return_indices=want_indices)
    elif op == "avg_pool1d":
        y = F.avg_pool1d(x, **window, ceil_mode=p.get("ceil_mode", False), count_include_pad=p.get("count_include_pad", True))
    elif op == "avg_pool3d":
        y = F.avg_pool3d(x, **window, ceil_mode=p.get("ceil_mode", False), count_include_pad=p.get("count_include_pad", True),
                         divisor_override=p.get("divisor_override"))
    elif op in ("adaptive_avg_pool1d", "adaptive_avg_pool3d"):
        y = getattr(F, op)(x, size(p["output_size"]))
    elif op in ("adaptive_max_pool1d", "adaptive_max_pool3d"):
        y = getattr(F, op)(x, size(p["output_size"]), return_indices=want_indices)
    elif op in ("lp_pool1d", "lp_pool2d"):
        y = getattr(F, op)(x, p["norm_type"], size(p["kernel_size"]), size(p.get("stride")), ceil_mode=p.get("ceil_mode", False))
    elif op in ("fractional_max_pool2d", "fractional_max_pool3d"):
        # _random_samples travel as float64 numbers representable in the case's dtype, flattened (N, C, rank);
        # without them, PyTorch draws its own.
        rank = 2 if op == "fractional_max_pool2d" else 3
        samples = p.get("random_samples")
        if samples is not None:
            channels = x.size(-rank - 1)
            batches = len(samples) // (channels * rank) if channels else (x.size(0) if x.dim() == rank + 2 else 1)
            samples = torch.tensor(samples, dtype=torch.float64).to(device=x.device, dtype=x.dtype).reshape(batches, channels, rank)
        ratio = p.get("output_ratio")
        y = getattr(F, op)(x, size(p["kernel_size"]), output_size=size(p.get("output_size")),
                           output_ratio=None if ratio is None else tuple(ratio), return_indices=want_indices, _random_samples=samples)
    elif op == "max_unpool2d":
        output_size = p.get("output_size")
        y = F.max_unpool2d(x, index_input, **window, output_size=None if output_size is None else size(output_size))
    elif op == "max_pool2d":
        y = F.max_pool2d(x, p["kernel_size"], p.get("stride"), p.get("padding", 0), p.get("dilation", 1),
                         ceil_mode=p.get("ceil_mode", False), return_indices=want_indices)
    elif op == "avg_pool2d":
        y = F.avg_pool2d(x, p["kernel_size"], p.get("stride"), p.get("padding", 0),
                         ceil_mode=p.get("ceil_mode", False), count_include_pad=p.get("count_include_pad", True),
                         divisor_override=p.get("divisor_override"))
    elif op == "adaptive_avg_pool2d":
        y = F.adaptive_avg_pool2d(x, p["output_size"])
    elif op == "adaptive_max_pool2d":
        y = F.adaptive_max_pool2d(x, p["output_size"], return_indices=want_indices)
    elif op == "global_avg_pool2d":
        y = x.mean((-2, -1), keepdim=True)
    elif op == "global_max_pool2d":
        y = F.adaptive_max_pool2d(x, 1, return_indices=want_indices)
    else:
        raise ValueError(f"unknown op: {op}")
    return y if isinstance(y, tuple) else (y, None)


DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16}


def channels_last(x):
    """The same values with channels last in memory: NHWC, NDHWC, or NLC strides for (N, C, L)."""
    if x.dim() == 5:
        return x.contiguous(memory_format=torch.channels_last_3d)
    if x.dim() == 4:
        return x.contiguous(memory_format=torch.channels_last)
    return x.transpose(1, 2).contiguous().transpose(1, 2)


def run_case(case, device):
    dtype = DTYPES[case.get("dtype", "float32")]
    # See the module docstring: fp16 on a CPU torch computes in fp32 and rounds once; so does a
    # dtype that the CPU kernel lacks.
    if dtype == torch.float16 and device.type == "cpu":
        return evaluate(case, device, dtype, torch.float32)
    try:
        return evaluate(case, device, dtype, dtype, raise_unimplemented=device.type == "cpu")
    except NotImplementedError:
        return evaluate(case, device, dtype, torch.float32)


def evaluate(case, device, dtype, compute, raise_unimplemented=False):
    try:
        x = decode(case["input"], case["shape"]).to(device=device, dtype=compute)
        index_input = None if case.get("indices") is None else decode(case["indices"], case["shape"], "<i8").to(device)
        if case.get("channels_last"):
            x = channels_last(x)
            index_input = None if index_input is None else channels_last(index_input)
        backward = case.get("grad_output") is not None
        x.requires_grad_(backward)
        y, indices = forward(case["op"], x, case.get("params", {}), index_input)
        y_out = y.to(dtype)
        grad_input = None
        if backward:
            g = decode(case["grad_output"], y.shape).to(device=device, dtype=dtype).to(compute)
            (y * g).sum().backward()
            grad_input = x.grad.to(dtype)
        return {"id": case["id"], "output_shape": list(y.shape), "output": encode(y_out, "<f4"),
                "output64": encode(y_out, "<f8"),
                "indices": None if indices is None else encode(indices, "<i8"),
                "grad_input": None if grad_input is None else encode(grad_input, "<f4"),
                "grad_input64": None if grad_input is None else encode(grad_input, "<f8"), "error": None}
    except Exception as e:  # any failure inside torch is this case's answer, not the batch's
        if raise_unimplemented and "not implemented for" in str(e):
            raise NotImplementedError(str(e)) from e
        return {"id": case["id"], "output_shape": None, "output": None, "output64": None, "indices": None,
                "grad_input": None, "grad_input64": None, "error": (str(e).splitlines() or [type(e).__name__])[0]}


def main():
    request = json.load(sys.stdin)
    device = torch.device(request.get("device", "cpu"))
    if device.type == "cuda" and not torch.cuda.is_available():
        # A whole-batch failure: per-case errors would read as PyTorch rejecting the cases.
        sys.exit(f"device {device} requested, but torch {torch.__version__} has no CUDA device")
    results = [run_case(case, device) for case in request["cases"]]
    json.dump({"torch_version": torch.__version__, "device": str(device), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
