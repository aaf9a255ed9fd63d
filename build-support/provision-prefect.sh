#!/usr/bin/env bash
# Provisions the real Prefect server, the reference jprefect is tested against, for the build.
#
#   provision-prefect.sh VERSION OUT_DIR
#
# Creates (once per version and machine) a Python virtual environment with `prefect==VERSION`
# under ${JPREFECT_CACHE_DIR:-~/.cache/jprefect}/prefect-VERSION, guarded by flock so that builds
# in several worktrees share it without colliding; generates Prefect's own OpenAPI document from
# that version; then writes OUT_DIR/prefect.properties for the tests:
#
#   available=true|false
#   version=VERSION
#   executable=<path of the venv's `prefect` command>
#   openapi=<path of OUT_DIR/prefect-openapi.json>
#   reason=<one line saying why Prefect is unavailable>
#
# Where python3 or PyPI is missing, it writes available=false with the reason and exits 0, so the
# tests that need Prefect skip with that line; under CI=true it exits 1 instead, so an outage fails
# the build rather than turning these suites into green skips.
set -uo pipefail

version="${1:?usage: provision-prefect.sh VERSION OUT_DIR}"
out="${2:?usage: provision-prefect.sh VERSION OUT_DIR}"
cache="${JPREFECT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jprefect}"
venv="$cache/prefect-$version"
python="${JPREFECT_PYTHON:-python3}"
mkdir -p "$out" "$cache"
props="$out/prefect.properties"

unavailable() {
  printf 'available=false\nversion=%s\nreason=%s\n' "$version" "$1" > "$props"
  if [ "${CI:-}" = "true" ]; then
    echo "provision-prefect: FAILED under CI=true: $1" >&2
    exit 1
  fi
  echo "provision-prefect: Prefect $version unavailable, the tests that need it will skip: $1" >&2
  exit 0
}

command -v "$python" >/dev/null 2>&1 || unavailable "$python is not on the PATH (install Python 3.10+ with venv)"

# One builder at a time per version; the others wait (bounded) and reuse its venv.
exec 9>"$venv.lock"
flock -w 900 9 || unavailable "timed out after 900 s waiting for $venv.lock"

if [ ! -f "$venv/.complete" ]; then
  echo "provision-prefect: installing prefect==$version into $venv (once per machine)" >&2
  rm -rf "$venv"
  log="$cache/prefect-$version-install.log"
  if ! { "$python" -m venv "$venv" \
        && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
             --timeout 60 --retries 3 "prefect==$version"; } >"$log" 2>&1; then
    rm -rf "$venv"
    unavailable "pip could not install prefect==$version (PyPI unreachable?); see $log: $(tail -n 1 "$log")"
  fi
  touch "$venv/.complete"
fi

# Prefect's own OpenAPI document, built offline from the pinned version's FastAPI app.
openapi="$venv/prefect-openapi.json"
if [ ! -s "$openapi" ]; then
  tmp_home="$(mktemp -d)"
  if ! PREFECT_HOME="$tmp_home" PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_UI_ENABLED=false \
       "$venv/bin/python" - "$openapi.tmp" >"$cache/prefect-$version-openapi.log" 2>&1 <<'PY'
import json, sys
from prefect.server.api.server import create_api_app
app = create_api_app()
with open(sys.argv[1], "w") as f:
    json.dump(app.openapi(), f, indent=1, sort_keys=True)
PY
  then
    rm -rf "$tmp_home"
    unavailable "could not generate Prefect's OpenAPI document; see $cache/prefect-$version-openapi.log"
  fi
  rm -rf "$tmp_home"
  mv "$openapi.tmp" "$openapi"
fi
flock -u 9

cp "$openapi" "$out/prefect-openapi.json"
printf 'available=true\nversion=%s\nexecutable=%s\nopenapi=%s\n' \
  "$version" "$venv/bin/prefect" "$out/prefect-openapi.json" > "$props"
echo "provision-prefect: Prefect $version at $venv/bin/prefect" >&2
