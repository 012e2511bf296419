"""PyTorch oracle for Pooling.Gpu's differential tests.

Reads one JSON request on stdin and writes one JSON response on stdout; TorchOracle.cs
documents the protocol. Tensors travel as base64 of little-endian float32 (int64 for indices).
A case that PyTorch rejects gets its error text; it never stops the rest of the batch.
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F


def decode(text, shape=None):
    # copy(): the decoded buffer is read-only, and autograd needs a writable leaf.
    x = torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype="<f4").copy())
    return x if shape is None else x.reshape(shape)


def encode(tensor, dtype):
    array = tensor.detach().cpu().contiguous().numpy().astype(dtype)
    return base64.b64encode(array.tobytes()).decode("ascii")


def forward(op, x, p):
    """Returns (output, indices or None) of one op, with torch's own defaults for absent params."""
    want_indices = p.get("return_indices", False)
    if op == "max_pool2d":
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


def run_case(case, device):
    try:
        x = decode(case["input"], case["shape"]).to(device)
        backward = case.get("grad_output") is not None
        x.requires_grad_(backward)
        y, indices = forward(case["op"], x, case.get("params", {}))
        grad_input = None
        if backward:
            (y * decode(case["grad_output"], y.shape).to(device)).sum().backward()
            grad_input = encode(x.grad, "<f4")
        return {"id": case["id"], "output_shape": list(y.shape), "output": encode(y, "<f4"),
                "indices": None if indices is None else encode(indices, "<i8"),
                "grad_input": grad_input, "error": None}
    except Exception as e:  # any failure inside torch is this case's answer, not the batch's
        return {"id": case["id"], "output_shape": None, "output": None, "indices": None,
                "grad_input": None, "error": (str(e).splitlines() or [type(e).__name__])[0]}


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
