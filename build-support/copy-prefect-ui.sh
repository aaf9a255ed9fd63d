#!/usr/bin/env bash
# Copies Prefect's built UI bundles from the pinned Prefect installation into the ui module's jar.
#
#   copy-prefect-ui.sh PREFECT_PROPERTIES OUT_DIR
#
# PREFECT_PROPERTIES is what provision-prefect.sh wrote (available, executable, reason). The wheel
# ships the Vue UI in prefect/server/ui and the React UI in prefect/server/ui-v2; they become
# OUT_DIR/v1 and OUT_DIR/v2, each with its file list OUT_DIR/<version>.files (a path per line).
# Nothing of Prefect's is committed: this runs at every build from the installed wheel.
#
# When Prefect is unavailable (no python3 or PyPI), it says so in one line and leaves OUT_DIR
# empty: the jar then has no UI and the server serves none. Under CI=true provision-prefect.sh
# has failed the build already.
set -euo pipefail

props="${1:?usage: copy-prefect-ui.sh PREFECT_PROPERTIES OUT_DIR}"
out="${2:?usage: copy-prefect-ui.sh PREFECT_PROPERTIES OUT_DIR}"

value() { grep "^$1=" "$props" | head -n 1 | cut -d= -f2-; }

if [ ! -f "$props" ] || [ "$(value available)" != "true" ]; then
  reason="$( [ -f "$props" ] && value reason || echo "$props is missing" )"
  rm -rf "$out"
  echo "jprefect-ui: built WITHOUT Prefect's UI (the server will serve none): $reason" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi

version="$(value version)"
venv="$(dirname "$(dirname "$(value executable)")")"
package=""
for candidate in "$venv"/lib/python3*/site-packages/prefect; do
  [ -d "$candidate/server/ui" ] && package="$candidate"
done
if [ -z "$package" ]; then
  echo "jprefect-ui: no prefect/server/ui in $venv; reprovision it (delete $venv)" >&2
  exit 1
fi

stamp="$out/.prefect-$version"
if [ -f "$stamp" ]; then
  exit 0 # copied from this version already
fi
rm -rf "$out"
mkdir -p "$out"
for pair in v1:ui v2:ui-v2; do
  name="${pair%%:*}"
  source="$package/server/${pair#*:}"
  [ -d "$source" ] || continue
  cp -R "$source" "$out/$name"
  (cd "$out/$name" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$out/$name.files"
done
touch "$stamp"
echo "jprefect-ui: Prefect $version's UI bundles copied from $package/server" >&2
