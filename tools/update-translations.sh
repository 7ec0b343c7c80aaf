#!/usr/bin/env bash
# Brings the translations up to date with the code: rewrites po/POTFILES.in from the files that
# hold translatable strings, regenerates the template po/photoff.pot, merges it into every
# po/LANG.po and prints how complete each language is. Translate what it reports, then rerun.
#   tools/update-translations.sh [BUILDDIR]           (default: build)
#   tools/update-translations.sh --check [BUILDDIR]   fail if any language is incomplete
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
if [ "${1:-}" = "--check" ]; then
  check=true
  shift
fi
builddir=${1:-build}

# Sources with a marked string: _(), N_(), C_(), NC_(), ngettext or translatable="yes".
# Untracked files count too, so that work not yet committed is not forgotten.
marked='(\<(_|N_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(|translatable="yes")'
{
  git ls-files --cached --others --exclude-standard -- \
      'app/*.c' 'ui/*.c' 'ui/*.ui' 'data/*.ui' \
    | xargs --no-run-if-empty grep -lE "$marked" || true
  git ls-files --cached --others --exclude-standard -- \
    'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.gschema.xml.in' 'data/*.mime.xml'
} | LC_ALL=C sort -u > po/POTFILES.in
echo "po/POTFILES.in: $(wc -l < po/POTFILES.in) files"

# Meson wants a .po file for every language of po/LINGUAS before it configures: start a new
# language as an empty catalogue, and give it its real header (msginit) once the template exists.
new_langs=()
while read -r lang; do
  case "$lang" in '' | '#'*) continue ;; esac
  if [ ! -f "po/$lang.po" ]; then
    : > "po/$lang.po"
    new_langs+=("$lang")
  fi
done < po/LINGUAS

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
elif [ "${#new_langs[@]}" -gt 0 ]; then
  meson setup --reconfigure "$builddir"
fi
meson compile -C "$builddir" photoff-pot
for lang in "${new_langs[@]}"; do
  msginit --no-translator --locale="$lang" --input=po/photoff.pot --output-file="po/$lang.po"
done
meson compile -C "$builddir" photoff-update-po

# msgmerge leaves a changed string "fuzzy" and a new one empty: both need a translator.
status=0
while read -r lang; do
  case "$lang" in '' | '#'*) continue ;; esac
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1)
  echo "po/$lang.po: $stats"
  case "$stats" in *fuzzy* | *untranslated*) status=1 ;; esac
done < po/LINGUAS

if [ "$status" -ne 0 ]; then
  echo "Some strings need translating (look for 'msgstr \"\"' and '#, fuzzy' in the files above)."
  if "$check"; then
    exit 1
  fi
fi
