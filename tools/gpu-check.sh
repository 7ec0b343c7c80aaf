#!/usr/bin/env bash
# Runs on the GPU machine (which has no GLib, GTK or Meson): every engine test on the CUDA
# backend, the CUDA-vs-CPU parity suite, the renderer tests, and photoff-bench with NPP.
# Prepare here with `tools/gpu-check.sh --bundle` (builds build-gpu for sm_90 and packs
# devbundle/), then run `tools/gpu-check.sh` there with devbundle/ carried along; logs and
# JSON go to $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--bundle" ]; then
  set -e
  [ -d build-gpu ] || meson setup build-gpu -Dcuda=enabled -Dgui=disabled -Dgpu_archs=90 \
    -Dbuildtype=release
  meson compile -C build-gpu
  rm -rf devbundle && mkdir -p devbundle/bin
  find build-gpu/tests/engine build-gpu/tests/bench build-gpu/app -maxdepth 1 -type f \
    -executable \( -name 'test-*' -o -name photoff-bench -o -name photoff-cli \) \
    -exec cp {} devbundle/bin/ \;
  cp build-gpu/tests/app/test-renderer devbundle/bin/
  strip --strip-debug devbundle/bin/* 2>/dev/null || true
  ../shared/tools/device-bundle devbundle/lib devbundle/bin/*
  tar -cJf devbundle.tar.xz devbundle  # what travels: binaries compress about 5×
  du -sh devbundle devbundle.tar.xz
  exit 0
fi

[ -d devbundle ] || tar -xJf devbundle.tar.xz
OUT=${OUT:-/tmp/photoff-out}
LOGS=/tmp/photoff-logs
mkdir -p "$OUT" "$LOGS"
export LD_LIBRARY_PATH=$PWD/devbundle/lib
export G_TEST_SRCDIR=$PWD/tests G_TEST_BUILDDIR=$PWD/devbundle/bin
summary=$OUT/summary.txt
: > "$summary"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee -a "$summary"

# NPP, for the benchmark's comparisons
gcc -O2 -shared -fPIC -I/usr/local/cuda/include tests/bench/pf-npp-shim.c \
  -L/usr/local/cuda/lib64 -lnppig -lnppif -lnppc -lcudart -o /tmp/libphotoff-npp.so \
  2> "$OUT/npp-shim.log" || echo "NPP shim did not build" | tee -a "$summary"

for t in devbundle/bin/test-*; do
  name=$(basename "$t")
  [ "$name" = test-parity ] && continue
  PHOTOFF_TEST_BACKEND=cuda timeout 300 "$t" --tap -k > "$LOGS/$name.log" 2>&1
  echo "$name (cuda): exit $? — $(grep -c '^ok' "$LOGS/$name.log") ok, $(grep -c '^not ok' "$LOGS/$name.log") not ok" | tee -a "$summary"
done

PHOTOFF_PARITY_REPORT=$OUT/parity.jsonl timeout 400 devbundle/bin/test-parity --tap -k \
  > "$LOGS/parity.log" 2>&1
echo "test-parity: exit $? — $(grep -c '^ok' "$LOGS/parity.log") ok, $(grep -c '^not ok' "$LOGS/parity.log") not ok" | tee -a "$summary"
grep -E '^not ok|ERROR' "$LOGS/parity.log" | head -20 | tee -a "$summary"

# The CLI end to end on the GPU: the sample at print resolution.
devbundle/bin/photoff-cli render data/samples/sample.photoff -o "$LOGS/sample-cuda.png" \
  --backend cuda 2>&1 | tee -a "$summary"
grep -E "^# sample page" "$LOGS/test-renderer.log" | tee -a "$summary"

if [ "${1:-}" != "--no-bench" ]; then
  timeout 300 devbundle/bin/photoff-bench --json "$OUT/bench.json" --npp /tmp/libphotoff-npp.so \
    > "$OUT/bench.txt" 2>&1
  echo "photoff-bench: exit $?" | tee -a "$summary"
  tail -45 "$OUT/bench.txt"
fi
rm -f "$LOGS/sample-cuda.png"
tar -czf "$OUT/logs.tar.gz" -C "$LOGS" .
