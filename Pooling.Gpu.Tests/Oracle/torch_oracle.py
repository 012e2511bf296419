"""PyTorch oracle for Pooling.Gpu's differential tests.

Reads one JSON request on stdin and writes one JSON response on stdout; TorchOracle.cs
documents the protocol. Tensors travel as base64 of little-endian float32 (int64 for indices);
outputs and gradients also as float64, for float64 cases. A case may ask for another dtype
("float64", "float16", "bfloat16") and for the channels_last memory format; its input values are
float32 numbers representable in that dtype. A case that PyTorch rejects gets its error text; it
never stops the rest of the batch.

Debian's PyTorch 1.13 has no CPU float16 pooling, and no CPU bfloat16 for the 3D poolings and
max unpooling. There, such cases run in float32 on the rounded inputs and round the results once:
what PyTorch's CUDA kernels compute (they accumulate in float32). On CUDA, they run natively.

A case may carry "indices" (int64, the input's shape): max_unpool1d/2d/3d's index input. The fractional
poolings take their _random_samples from the params.

lp_pool3d came with PyTorch 2.2. Where torch lacks it (1.13), the oracle composes it from
avg_pool3d exactly as PyTorch 2.2 defines it (see lp_pool3d below).

A case may carry "view" ({"base": sizes, "cuts": [[dim, start, step], ...], "as_strided": bool}):
its input is then the base tensor's, and the op pools the strided view of it that keeps, along
each cut's dim, the indices start + i*step, to the case's shape: made by slicing, or with
as_strided over the base's memory. Its gradient is the view's.

A case whose params have "twice": true applies the op to its own output, y = op(op(x)), as one
layer object used twice in a network: autograd runs backward through both calls.

An integer case ("int8", "uint8", "int16", "int32", "int64") sends its input as int64 and gets
its output back as "output_int64". Debian's PyTorch 1.13 has no integer max pooling at all (2.x
has max_pool2d and max_pool3d on the CPU). There, a max op runs in float64 on the same values
and its output is converted back: max pooling picks one of the inputs by comparisons alone, which
float64 makes exactly while it holds every value exactly (all of int8 to int32; int64 up to
2^53, else the case gets an error). A window with no input position would differ (float64
gives -inf, integer pooling the type's lowest value); the tests send none. Every other op is run
as it is, so that an integer tensor it refuses gets PyTorch's own error; so is a case with a
gradient, which autograd refuses for any integer tensor.
"""
import base64
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.modules.utils import _triple


def decode(text, shape=None, dtype="<f4"):
    # copy(): the decoded buffer is read-only, and autograd needs a writable leaf.
    x = torch.from_numpy(np.frombuffer(base64.b64decode(text), dtype=dtype).copy())
    return x if shape is None else x.reshape(shape)


def encode_int64(tensor):
    return base64.b64encode(tensor.detach().cpu().contiguous().long().numpy().astype("<i8").tobytes()).decode("ascii")


def encode(tensor, dtype):
    # numpy has no bfloat16: widen to float64 first, exactly.
    array = tensor.detach().cpu().contiguous().double().numpy().astype(dtype)
    return base64.b64encode(array.tobytes()).decode("ascii")


def size(value):
    """A size param: an int as it is, a list as a tuple."""
    return tuple(value) if isinstance(value, list) else value


def lp_pool3d(x, norm_type, kernel_size, stride=None, ceil_mode=False):
    """PyTorch 2.2's F.lp_pool3d, term by term, for a torch that lacks it."""
    kd, kh, kw = _triple(kernel_size)
    out = F.avg_pool3d(x.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (torch.sign(out) * F.relu(torch.abs(out))).mul(kd * kh * kw).pow(1.0 / norm_type)


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
    elif op in ("lp_pool1d", "lp_pool2d", "lp_pool3d"):
        pool = getattr(F, op, None) or lp_pool3d
        y = pool(x, p["norm_type"], size(p["kernel_size"]), size(p.get("stride")), ceil_mode=p.get("ceil_mode", False))
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
    elif op in ("max_unpool1d", "max_unpool2d", "max_unpool3d"):
        output_size = p.get("output_size")
        y = getattr(F, op)(x, index_input, **window, output_size=None if output_size is None else size(output_size))
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

INTEGER_DTYPES = {"int8": torch.int8, "uint8": torch.uint8, "int16": torch.int16, "int32": torch.int32, "int64": torch.int64}

MAX_OPS = {"max_pool1d", "max_pool2d", "max_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d", "global_max_pool2d"}


def channels_last(x):
    """The same values with channels last in memory: NHWC, NDHWC, or NLC strides for (N, C, L)."""
    if x.dim() == 5:
        return x.contiguous(memory_format=torch.channels_last_3d)
    if x.dim() == 4:
        return x.contiguous(memory_format=torch.channels_last)
    return x.transpose(1, 2).contiguous().transpose(1, 2)


def view_of(x, view, sizes):
    """The strided view of base tensor x that the case pools (see the module docstring)."""
    if view["as_strided"]:
        strides, offset = list(x.stride()), x.storage_offset()
        for dim, start, step in view["cuts"]:
            offset += start * strides[dim]
            strides[dim] *= step
        return x.as_strided(sizes, strides, offset)
    for dim, start, step in view["cuts"]:
        x = x[(slice(None),) * dim + (slice(start, start + (sizes[dim] - 1) * step + 1, step),)]
    return x


def run_case(case, device):
    if case.get("dtype") in INTEGER_DTYPES:
        return run_integer_case(case, device)
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
        view = case.get("view")
        x = decode(case["input"], case["shape"] if view is None else view["base"]).to(device=device, dtype=compute)
        index_input = None if case.get("indices") is None else decode(case["indices"], case["shape"], "<i8").to(device)
        if case.get("channels_last"):
            x = channels_last(x)
            index_input = None if index_input is None else channels_last(index_input)
        backward = case.get("grad_output") is not None
        x.requires_grad_(backward)
        if view is not None:
            x = view_of(x, view, case["shape"])
            if backward:
                x.retain_grad()
        params = case.get("params", {})
        y, indices = forward(case["op"], x, params, index_input)
        if params.get("twice"):
            y, indices = forward(case["op"], y, params, index_input)
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


def run_integer_case(case, device):
    """An integer case, natively where torch has the op for the dtype; a max op in float64 where it has not (see the module docstring)."""
    dtype = INTEGER_DTYPES[case["dtype"]]
    try:
        x = decode(case["input"], case["shape"], "<i8").to(device=device, dtype=dtype)
        index_input = None if case.get("indices") is None else decode(case["indices"], case["shape"], "<i8").to(device)
        if case.get("channels_last"):
            x = channels_last(x)
        # A gradient asks for backward, which autograd refuses for an integer tensor: this is PyTorch's answer then.
        x.requires_grad_(case.get("grad_output") is not None)
        params = case.get("params", {})
        try:
            y, indices = forward(case["op"], x, params, index_input)
        except RuntimeError as e:
            if case["op"] not in MAX_OPS or "not implemented for" not in str(e):
                raise
            exact = x.double()
            if not torch.equal(exact.long(), x.long()):
                raise ValueError(f"torch {torch.__version__} has no integer {case['op']}, and these int64 values are not exact in float64") from e
            y, indices = forward(case["op"], exact, params, index_input)
            y = y.to(dtype)
        return {"id": case["id"], "output_shape": list(y.shape), "output": None, "output64": None, "output_int64": encode_int64(y),
                "indices": None if indices is None else encode(indices, "<i8"), "grad_input": None, "grad_input64": None, "error": None}
    except Exception as e:  # as in evaluate: this case's answer
        return {"id": case["id"], "output_shape": None, "output": None, "output64": None, "output_int64": None, "indices": None,
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
