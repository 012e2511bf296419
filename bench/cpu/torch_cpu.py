"""PyTorch's side of `Pooling.Gpu.Bench cpu`: PyTorch's CPU kernels, timed on request.

One long-lived process, so that the bench can interleave PyTorch's samples with its own without
paying a process start each time. It reads one JSON request per line on stdin and answers one
JSON line on stdout:

  {"cmd": "hello", "threads": N}                   -> torch version, threads, parallel backend
  {"cmd": "setup", "key": K, "peer": {...}, "shape": [...], "input": PATH, "grad_output": PATH or null}
                                                   -> {} (the call to time is built and run once)
  {"cmd": "time", "key": K, "calls": C, "warm_up_ms": W} -> {"ms": milliseconds per call, over C calls after W ms of untimed ones (at least one)}
  {"cmd": "results", "key": K, "prefix": PATH}     -> the paths of the results it wrote
  {"cmd": "drop", "key": K}                        -> {} (frees the tensors)

A peer is what Pooling.Gpu.Bench's TorchPeer holds (op, params, indices, backward). Inputs and
results travel as raw little-endian files: float32 values, int64 indices. The ops come from
the test oracle (torch_oracle.py, beside this script or in the test project), so the bench and
the differential tests call PyTorch the same way. A forward is timed as
torch.nn.functional runs it; a backward as autograd runs it, on a graph kept from one forward.
Any failure is answered as {"error": TEXT}.
"""
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
for folder in (HERE, os.path.join(HERE, "..", "..", "Pooling.Gpu.Tests", "Oracle")):
    if os.path.exists(os.path.join(folder, "torch_oracle.py")):
        sys.path.insert(0, folder)
        break
from torch_oracle import forward  # noqa: E402  (found on the path set above)


class Peer:
    """One op on one input: the call to time and the results of its last call."""

    def __init__(self, peer, shape, input_path, grad_path):
        self.x = torch.from_numpy(np.fromfile(input_path, dtype="<f4")).reshape(shape)
        self.params = dict(peer["params"], return_indices=peer["indices"])
        self.op = peer["op"]
        self.backward = peer["backward"]
        self.indices = None
        self.grad_input = None
        if self.backward:
            self.x.requires_grad_(True)
            self.y, self.indices = forward(self.op, self.x, self.params)
            self.grad = torch.from_numpy(np.fromfile(grad_path, dtype="<f4")).reshape(self.y.shape)
        self.call()

    def call(self):
        if self.backward:
            (self.grad_input,) = torch.autograd.grad(self.y, self.x, self.grad, retain_graph=True)
        else:
            self.y, self.indices = forward(self.op, self.x, self.params)

    def time(self, calls, warm_up_ms):
        # Untimed calls first, at least one: they wake OpenMP's threads, asleep since the last
        # sample, and bring the cores back to full speed after the settling's idle.
        warm = time.perf_counter()
        self.call()
        while (time.perf_counter() - warm) * 1e3 < warm_up_ms:
            self.call()
        start = time.perf_counter()
        for _ in range(calls):
            self.call()
        return (time.perf_counter() - start) * 1e3 / calls

    def write(self, prefix):
        written = {"output_shape": list(self.y.shape), "output": save(self.y, prefix + "output.f32", "<f4")}
        if self.indices is not None:
            written["indices"] = save(self.indices, prefix + "indices.i64", "<i8")
        if self.grad_input is not None:
            written["grad_input"] = save(self.grad_input, prefix + "grad_input.f32", "<f4")
        return written


def save(tensor, path, dtype):
    tensor.detach().contiguous().numpy().astype(dtype, copy=False).tofile(path)
    return path


def answer(request, peers):
    cmd = request["cmd"]
    if cmd == "hello":
        torch.set_num_threads(request["threads"])
        backend = [line for line in torch.__config__.parallel_info().splitlines() if line.startswith("ATen parallel backend")]
        return {"torch_version": torch.__version__, "threads": torch.get_num_threads(),
                "parallel": backend[0].split(":", 1)[1].strip() if backend else "unknown"}
    if cmd == "setup":
        peers[request["key"]] = Peer(request["peer"], request["shape"], request["input"], request.get("grad_output"))
        return {}
    if cmd == "time":
        return {"ms": peers[request["key"]].time(request["calls"], request["warm_up_ms"])}
    if cmd == "results":
        return peers[request["key"]].write(request["prefix"])
    if cmd == "drop":
        peers.pop(request["key"], None)
        return {}
    raise ValueError(f"unknown command: {cmd}")


def main():
    peers = {}
    for line in sys.stdin:
        try:
            response = answer(json.loads(line), peers)
        except Exception as e:  # the bench reports it and stops; this process stays usable
            response = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(response) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
