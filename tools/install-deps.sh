#!/usr/bin/env bash
# Installs every Debian 12 package PhotoFF needs to build, run and test.
# Idempotent: packages already present are left alone, and the package lists are
# refreshed only once per machine (or when a package cannot be found).
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext
  # engine + app
  libglib2.0-dev libjson-glib-dev libjpeg62-turbo-dev libspng-dev zlib1g-dev
  libexif-dev libgdk-pixbuf-2.0-dev libcairo2-dev libpango1.0-dev
  # editor
  libgtk-4-dev libadwaita-1-dev desktop-file-utils appstream libxml2-utils
  # tests: headless UI, images, fuzzing
  xvfb xauth dbus dbus-x11 x11-apps imagemagick clang libclang-rt-14-dev
  # sample photographs (CC BY-SA / public domain, see data/samples/LICENSES.md)
  gnome-backgrounds
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
stamp=/var/lib/apt/periodic/photoff-update-stamp
if [ ! -e "$stamp" ] || ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
  $sudo apt-get update -qq
  $sudo mkdir -p "$(dirname "$stamp")" && $sudo touch "$stamp"
fi
echo "install-deps: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
