#!/usr/bin/env bash
# Builds the bundle for a GPU run, from a clean checkout: the test executable and the bench
# executable published self-contained for linux-x64 into one folder (they share the runtime), the
# Python scripts beside them, packed into .bundle/pooling-gpu.tar.gz (at most 64 MiB, the device
# tool's limit for what travels). Prints the device command that runs bench/gpu/on-device.sh there.
#   bash bench/gpu/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle=.bundle
publish=$bundle/publish
archive=$bundle/pooling-gpu.tar.gz
limit=$((64 * 1024 * 1024))

rm -rf "$bundle"
mkdir -p "$publish"
# The GPU machine has no .NET and maybe no libicu: self-contained, invariant globalization.
# ContinuousIntegrationBuild maps source paths in stack traces to /_/, so logs name no local folder.
# OnnxRuntimeNative=false leaves out ONNX Runtime's native library (29 MB, 11 MB gzipped), which
# only the bench's cpu command uses: there it reports ONNX Runtime absent.
for project in Pooling.Gpu.Tests Pooling.Gpu.Bench; do
    dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true \
        -p:ContinuousIntegrationBuild=true -p:OnnxRuntimeNative=false -o "$publish" -v quiet -nologo
done
# The test project copies Oracle/torch_oracle.py itself; torch_bench.py finds it there.
cp bench/gpu/torch_bench.py "$publish/"
tar -C "$bundle" -czf "$archive" publish

size=$(stat -c %s "$archive")
echo "Bundle: $archive, $((size / 1024 / 1024)) MiB ($size bytes) of at most 64 MiB; unpacked $(du -sh "$publish" | cut -f1)."
if (( size > limit )); then
    echo "The bundle is larger than the device tool carries (64 MiB with the working tree)." >&2
    exit 1
fi

cat <<EOF

On the GPU machine, one call of the device tool's run (a machine's start costs minutes of the
session's device time, so one call is the plan when that time is 15 minutes):
  command: PHASE=all bash bench/gpu/on-device.sh $archive
  carry:   ["$archive"]
  timeout_s: 600
(both phases, each step cut to fit the 560 s it gives itself). Where the device time allows two
calls, PHASE=measure and then PHASE=check give each phase a whole call.
Then, here, with the files it returns (ours.json and torch.json among them):
  dotnet run -c Release --project Pooling.Gpu.Bench -- report --in DIR_OF_RETURNED_FILES
which writes bench/results/<date>-<gpu>.json, .md and .png; commit those and the returned logs' summary.
EOF
