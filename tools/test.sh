#!/usr/bin/env bash
# Builds PhotoFF and runs every test that needs no GPU (CUDA tests skip without a device).
#   tools/test.sh              the README's test command
#   tools/test.sh --sanitize   the same under AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."

builddir=build
setup_args=()
if [ "${1:-}" = "--sanitize" ]; then
  builddir=build-sanitize
  # The CUDA kernels cannot run on a machine without a GPU: leave them out of this build.
  setup_args=(-Db_sanitize=address,undefined -Db_lundef=false -Dcuda=disabled)
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
fi

if [ -d "$builddir" ]; then
  meson setup --reconfigure "$builddir" "${setup_args[@]}" >/dev/null
else
  meson setup "$builddir" "${setup_args[@]}"
fi
meson compile -C "$builddir"

# The editor's tests need a display and a session bus: give them private ones.
status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1600x1200x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?

# One closing line that any CI reads: "N passed, N failed, N skipped".
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
counts = {"OK": 0, "FAIL": 0, "SKIP": 0, "ERROR": 0, "TIMEOUT": 0, "EXPECTEDFAIL": 0,
          "UNEXPECTEDPASS": 0}
for line in open(sys.argv[1]):
    result = json.loads(line).get("result", "")
    counts[result] = counts.get(result, 0) + 1
failed = counts["FAIL"] + counts["ERROR"] + counts["TIMEOUT"] + counts["UNEXPECTEDPASS"]
print(f"tests: {counts['OK'] + counts['EXPECTEDFAIL']} passed, {failed} failed, "
      f"{counts['SKIP']} skipped")
PY
exit $status
