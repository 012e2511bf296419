#!/usr/bin/env bash
# The GPU run, on the device machine, in two calls of at most 10 minutes each (bench/gpu/run.sh
# builds the bundle and prints the calls). Both unpack the bundle, record the device (nvidia-smi)
# and run the demo as a probe that the kernels load (demo.log; an older PTX instruction set is
# forced where ILGPU's choice fails). PHASE=measure runs compare (our timings) and torch_bench.py
# (PyTorch's, and the check of our results), then the test executable on CUDA with PyTorch as
# the oracle; it writes summary.txt, environment.txt, tests.log, bench.log, ours.json,
# torch.json. PHASE=check runs compute-sanitizer's memcheck over every bench case and the tests,
# racecheck over the tests, the LargeGpu tests (a tensor past 2^31 elements), and the tests on
# NVIDIA's OpenCL where the driver offers it and ILGPU can use it; it writes summary.txt,
# environment.txt, sanitizer.log, racecheck.log, large.log, demo-opencl.log, tests-opencl.log.
# PHASE=all (the default) runs both in one call, each step within its share of the time. Every
# step runs whatever the one before did; the summary comes last.
#   PHASE=measure bash bench/gpu/on-device.sh .bundle/pooling-gpu.tar.gz
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
phase=${PHASE:-all}
wants() { [[ $phase == all || $phase == "$1" ]]; }
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

# The README's first command, at batch 1: a probe that the kernels load. Where they do not with the
# PTX instruction set ILGPU picks (a driver newer than ILGPU knows), the demo runs again with older
# ones forced, and the first that works is kept for every later step (POOLING_GPU_CUDA_ISA).
start=$SECONDS
demo() { POOLING_GPU_ACCELERATOR=$accelerator timeout "$(budget 60)" "$bench" demo --batch 1 >"$OUT/demo.log" 2>&1; }
if demo; then
    record demo ok "$(grep -m1 '^Selected:' "$OUT/demo.log") in $((SECONDS - start)) s"
else
    cp "$OUT/demo.log" "$OUT/demo-failed.log"
    for isa in 8.0 7.8; do
        if POOLING_GPU_CUDA_ISA=$isa demo; then
            export POOLING_GPU_CUDA_ISA=$isa
            break
        fi
    done
    if [[ -n ${POOLING_GPU_CUDA_ISA:-} ]]; then
        record demo "isa $POOLING_GPU_CUDA_ISA" "failed with ILGPU's PTX instruction set (demo-failed.log), ran with $POOLING_GPU_CUDA_ISA, kept, in $((SECONDS - start)) s"
    else
        record demo failed "with ILGPU's PTX instruction set (demo-failed.log) and with 8.0 and 7.8 forced (demo.log), in $((SECONDS - start)) s"
    fi
fi

# Our timings, then PyTorch's on the same plan and the check of our results; then the tests on the
# GPU, with PyTorch (torch 2.x, CUDA) as the oracle, in all the time left (240 s when the check
# phase follows in the same call): the suite prints its counts only at its end, so it goes last.
if wants measure; then
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
start=$SECONDS
POOLING_GPU_ACCELERATOR=$accelerator POOLING_GPU_PYTHON=$python timeout "$(budget "$(wants check && echo 240 || echo 560)")" \
    "$tests" --no-ansi --progress off >"$OUT/tests.log" 2>&1
code=$?
record "tests $accelerator" "$(outcome $code)" "$(test_counts "$OUT/tests.log") in $((SECONDS - start)) s"
fi

# compute-sanitizer memcheck: every bench case once (all kernels, forward and backward), then the
# tests, which get most of the call's time; racecheck over the tests of global pooling, the one
# kernel with shared memory and barriers (GlobalPool; the others share nothing between threads).
# The large-tensor and long-run categories stay out of the sanitizers: too slow under them.
if wants check; then
sanitized="TestCategory!=LargeGpu&TestCategory!=LongRun"
shared="FullyQualifiedName~Global&TestCategory!=LargeGpu&TestCategory!=LongRun"
start=$SECONDS
sanitizer=$OUT/sanitizer.log
if command -v compute-sanitizer >/dev/null && ! $dry; then
    POOLING_GPU_ACCELERATOR=$accelerator timeout "$(budget 60)" \
        compute-sanitizer --tool memcheck --error-exitcode 99 "$bench" smoke >"$sanitizer" 2>&1
    code=$?
    POOLING_GPU_ACCELERATOR=$accelerator POOLING_GPU_PYTHON=$python timeout "$(budget 240)" \
        compute-sanitizer --tool memcheck --error-exitcode 99 "$tests" --no-ansi --progress off \
        --filter "$sanitized" >>"$sanitizer" 2>&1
    code2=$?
    POOLING_GPU_ACCELERATOR=$accelerator POOLING_GPU_PYTHON=$python timeout "$(budget 90)" \
        compute-sanitizer --tool racecheck --racecheck-report hazard --error-exitcode 99 "$tests" --no-ansi --progress off \
        --filter "$shared" >"$OUT/racecheck.log" 2>&1
    code3=$?
    if grep -q "Device not supported" "$sanitizer"; then
        record sanitizer refused "compute-sanitizer: Device not supported (see sanitizer.log)"
    else
        record sanitizer "$(outcome $code)/$(outcome $code2)/$(outcome $code3)" \
            "memcheck smoke and tests, racecheck global pooling's tests: $(grep -h 'ERROR SUMMARY' "$sanitizer" "$OUT/racecheck.log" | tr '\n' ' ')in $((SECONDS - start)) s"
    fi
else
    echo "compute-sanitizer not run: $($dry && echo 'dry run' || echo 'not on PATH')" >"$sanitizer"
    record sanitizer skipped "$(cat "$sanitizer")"
fi

# A tensor of more than 2^31 elements on CUDA; a skip (not enough free memory) is an exit code 8.
start=$SECONDS
POOLING_GPU_ACCELERATOR=$accelerator timeout "$(budget 90)" \
    "$tests" --no-ansi --progress off --filter "TestCategory=LargeGpu" --zero-tests-policy strict >"$OUT/large.log" 2>&1
code=$?
if (( code == 8 )); then
    record "large tensors" skipped "the test skipped itself (no CUDA, or not enough free memory): see large.log"
else
    record "large tensors" "$(outcome $code)" "$(test_counts "$OUT/large.log") in $((SECONDS - start)) s"
fi

# OpenCL, where the driver installs NVIDIA's platform (an ICD file and the loader). ILGPU loads
# libOpenCL.so, which only the loader's development package links to libOpenCL.so.1: a link of
# our own stands in. The demo first says whether ILGPU can use the device at all (it needs
# OpenCL 2.0, or 3.0 with the generic address space), so that a refusal costs seconds.
start=$SECONDS
loader=$(ldconfig -p | awk '/libOpenCL\.so\.1 .*x86-64/ { print $NF; exit }')
if ls /etc/OpenCL/vendors 2>/dev/null | grep -qi nvidia && [[ -n $loader ]]; then
    mkdir -p "$work/opencl" && ln -sf "$loader" "$work/opencl/libOpenCL.so"
    opencl() { LD_LIBRARY_PATH="$work/opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" POOLING_GPU_ACCELERATOR=opencl "$@"; }
    if opencl timeout "$(budget 30)" "$bench" demo --batch 1 >"$OUT/demo-opencl.log" 2>&1; then
        POOLING_GPU_PYTHON=$python opencl timeout "$(budget 60)" \
            "$tests" --no-ansi --progress off >"$OUT/tests-opencl.log" 2>&1
        code=$?
        record "tests opencl" "$(outcome $code)" "$(test_counts "$OUT/tests-opencl.log") in $((SECONDS - start)) s"
    else
        record "tests opencl" refused "the demo on OpenCL failed: $(grep -m1 -E 'No engine|Exception' "$OUT/demo-opencl.log" | cut -c1-300)"
    fi
else
    echo "No NVIDIA OpenCL platform: vendors [$(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ')], loader [${loader:-none}]." \
        >"$OUT/tests-opencl.log"
    record "tests opencl" skipped "$(cat "$OUT/tests-opencl.log")"
fi
fi

rm -rf "$work"
echo
echo "Files in $OUT: $(ls "$OUT" | tr '\n' ' ')"
echo
cat "$summary"
