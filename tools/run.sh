#!/usr/bin/env bash
# The README's main command: installs what PhotoFF needs, builds it, and opens the editor
# on the sample project. Without a display it renders the sample project to a PNG instead
# and says where.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build

sample=data/samples/sample.photoff
if [ -x build/ui/photoff ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # Settings (window size, folders) from the schema compiled into the build tree.
  GSETTINGS_SCHEMA_DIR=$PWD/build/data exec build/ui/photoff "$sample"
fi

out=$PWD/build/sample.png
build/app/photoff-cli render "$sample" -o "$out"
echo "PhotoFF: no display, so the sample project was rendered to $out"
