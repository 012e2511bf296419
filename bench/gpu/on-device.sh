#!/usr/bin/env bash
# The GPU run, on the device machine, in one call of at most 10 minutes (bench/gpu/run.sh builds
# the bundle and prints the call): unpacks the bundle; records the device (nvidia-smi); runs the
# test executable on CUDA with PyTorch as the oracle; runs compare (our timings) and torch_bench.py
# (PyTorch's, and the check of our results); runs compute-sanitizer's memcheck over every bench
# case and a subset of the tests; runs the tests on NVIDIA's OpenCL where the driver offers it.
# Every step runs whatever the one before did, within its share of the time. Writes 8 files into
# $OUT (summary.txt, environment.txt, tests.log, bench.log, ours.json, torch.json, sanitizer.log,
# tests-opencl.log) and prints the summary last.
#   bash bench/gpu/on-device.sh .bundle/pooling-gpu.tar.gz
#   OUT=/tmp/out PYTHON=/usr/bin/python3 bash bench/gpu/on-device.sh --dry-run .bundle/pooling-gpu.tar.gz
# --dry-run runs the same steps without a GPU: the CPU accelerator, tiny shapes, PyTorch on the CPU.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

dry=false
if [[ ${1:-} == --dry-run ]]; then
    dry=true
    shift
fi
bundle=${1:?usage: on-device.sh [--dry-run] BUNDLE.tar.gz}
OUT=${OUT:?OUT must name the folder for the results}
python=${PYTHON:-python3}
accelerator=cuda
torch_device=cuda
compare_args=()
if $dry; then
    accelerator=cpu
    torch_device=cpu
    compare_args=(--tiny)
fi

# The call's limit is 600 s; steps stop in time for the summary.
deadline=$((SECONDS + 560))
mkdir -p "$OUT"
summary=$OUT/summary.txt
printf '%-14s %-11s %s\n' step outcome detail >"$summary"
record() { printf '%-14s %-11s %s\n' "$1" "$2" "$3" >>"$summary"; }
# At most $1 seconds, and never past the deadline.
budget() { local left=$((deadline - SECONDS)); echo $((left < $1 ? (left > 0 ? left : 1) : $1)); }
outcome() { case $1 in 0) echo ok ;; 124) echo timeout ;; *) echo "failed($1)" ;; esac; }
test_counts() {
    read -r blocks passed failed skipped < <(sed 's/\x1b\[[0-9;]*m//g' "$1" | awk -f "$repo/.ci/test-counts.awk")
    echo "$passed passed, $failed failed, $skipped skipped"
}

work=$(mktemp -d)
tar -xzf "$bundle" -C "$work" && record unpack ok "$(du -sh "$work/publish" | cut -f1) in $work" || record unpack failed "$bundle"
publish=$work/publish
tests=$publish/Pooling.Gpu.Tests
bench=$publish/Pooling.Gpu.Bench

env=$OUT/environment.txt
{
    echo "== uname"; uname -a
    echo "== nvidia-smi"; nvidia-smi 2>&1
    echo "== nvidia-smi query"
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem,power.limit --format=csv 2>&1
    echo "== torch"
    "$python" -c "import torch; print(torch.__version__, 'cuda', torch.version.cuda, 'available', torch.cuda.is_available())" 2>&1
    echo "== compute-sanitizer"; compute-sanitizer --version 2>&1
    echo "== OpenCL"; ls /etc/OpenCL/vendors 2>&1; ldconfig -p | grep -i opencl; clinfo -l 2>&1
} >"$env"
gpu=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
if [[ -n $gpu ]]; then record device ok "$gpu"; else record device none "nvidia-smi found no GPU"; fi

# The tests on the GPU, with PyTorch (torch 2.x, CUDA) as the oracle.
start=$SECONDS
POOLING_GPU_ACCELERATOR=$accelerator POOLING_GPU_PYTHON=$python timeout "$(budget 240)" \
    "$tests" --no-ansi --progress off >"$OUT/tests.log" 2>&1
code=$?
record "tests $accelerator" "$(outcome $code)" "$(test_counts "$OUT/tests.log") in $((SECONDS - start)) s"

# Our timings, then PyTorch's on the same plan, and the check of our results.
start=$SECONDS
compare=$work/compare
POOLING_GPU_ACCELERATOR=$accelerator timeout "$(budget 150)" \
    "$bench" compare "${compare_args[@]}" --out "$compare" >"$OUT/bench.log" 2>&1
code=$?
cp "$compare/ours.json" "$OUT/" 2>/dev/null
record compare "$(outcome $code)" "$(grep -c '"median_ms"' "$OUT/ours.json" 2>/dev/null || echo 0) cases timed in $((SECONDS - start)) s"
start=$SECONDS
if [[ -f $compare/plan.json ]]; then
    check=()
    [[ -f $compare/check.json ]] && check=(--check "$compare/check.json")
    PYTHONUNBUFFERED=1 timeout "$(budget 150)" "$python" "$publish/torch_bench.py" \
        --plan "$compare/plan.json" --out "$OUT/torch.json" "${check[@]}" --device "$torch_device" >>"$OUT/bench.log" 2>&1
    code=$?
    record torch_bench "$(outcome $code)" "$(grep -E '^check:' "$OUT/bench.log" || echo 'no check') in $((SECONDS - start)) s"
else
    record torch_bench skipped "compare wrote no plan.json"
fi

# compute-sanitizer memcheck: every bench case once (all kernels, forward and backward), then tests.
start=$SECONDS
sanitizer=$OUT/sanitizer.log
if command -v compute-sanitizer >/dev/null && ! $dry; then
    POOLING_GPU_ACCELERATOR=$accelerator timeout "$(budget 90)" \
        compute-sanitizer --tool memcheck --error-exitcode 99 "$bench" smoke >"$sanitizer" 2>&1
    code=$?
    POOLING_GPU_ACCELERATOR=$accelerator POOLING_GPU_PYTHON=$python timeout "$(budget 120)" \
        compute-sanitizer --tool memcheck --error-exitcode 99 "$tests" --no-ansi --progress off \
        --filter "FullyQualifiedName~ForwardReferenceTests|FullyQualifiedName~EngineTests" >>"$sanitizer" 2>&1
    code2=$?
    if grep -q "Device not supported" "$sanitizer"; then
        record sanitizer refused "compute-sanitizer: Device not supported (see sanitizer.log)"
    else
        record sanitizer "$(outcome $code)/$(outcome $code2)" \
            "smoke and tests: $(grep -h 'ERROR SUMMARY' "$sanitizer" | tr '\n' ' ')in $((SECONDS - start)) s"
    fi
else
    echo "compute-sanitizer not run: $($dry && echo 'dry run' || echo 'not on PATH')" >"$sanitizer"
    record sanitizer skipped "$(cat "$sanitizer")"
fi

# OpenCL, where the driver installs NVIDIA's platform (an ICD file and the loader).
start=$SECONDS
if ls /etc/OpenCL/vendors 2>/dev/null | grep -qi nvidia && ldconfig -p | grep -q libOpenCL; then
    POOLING_GPU_ACCELERATOR=opencl POOLING_GPU_PYTHON=$python timeout "$(budget 120)" \
        "$tests" --no-ansi --progress off >"$OUT/tests-opencl.log" 2>&1
    code=$?
    record "tests opencl" "$(outcome $code)" "$(test_counts "$OUT/tests-opencl.log") in $((SECONDS - start)) s"
else
    echo "No NVIDIA OpenCL platform: vendors [$(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ')], loader [$(ldconfig -p | grep -c libOpenCL) entries]." \
        >"$OUT/tests-opencl.log"
    record "tests opencl" skipped "$(cat "$OUT/tests-opencl.log")"
fi

rm -rf "$work"
echo
echo "Files in $OUT: $(ls "$OUT" | tr '\n' ' ')"
echo
cat "$summary"
