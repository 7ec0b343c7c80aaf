#!/usr/bin/env bash
# Fuzzes PhotoFF's loaders with libFuzzer under ASan + UBSan.
#   tools/fuzz.sh [SECONDS] [TARGET...]     default: 60 s for each target
# Targets: fuzz-project fuzz-jpeg fuzz-png fuzz-pixbuf fuzz-cli.
# New inputs go to build-fuzz/corpus-TARGET (seeded from tests/fuzz/corpus/); crashes are
# written to tests/fuzz/artifacts/ and the script exits 1. A crasher, once fixed, belongs in
# tests/fuzz/crashers/KIND/ so that the normal test suite replays it forever.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-project fuzz-jpeg fuzz-png fuzz-pixbuf fuzz-cli)

if [ ! -d build-fuzz ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dcuda=disabled -Dgui=disabled >/dev/null || exit 2
fi
meson compile -C build-fuzz "${targets[@]/#/tests/fuzz/}" >/dev/null || exit 2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
mkdir -p tests/fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  kind=${t#fuzz-}
  corpus=build-fuzz/corpus-$kind
  mkdir -p "$corpus" tests/fuzz/artifacts
  build-fuzz/tests/fuzz/$t "$corpus" "tests/fuzz/corpus/$kind" "tests/fuzz/crashers/$kind" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -max_len=65536 \
    -artifact_prefix=tests/fuzz/artifacts/$t- -print_final_stats=1 \
    > "build-fuzz/$t.log" 2>&1
  rc=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "build-fuzz/$t.log" | grep -oE '[0-9]+$')
  echo "$t: ${seconds}s, ${runs:-?} executions, exit $rc"
  [ $rc -eq 0 ] || { status=1; tail -30 "build-fuzz/$t.log"; }
done
exit $status
