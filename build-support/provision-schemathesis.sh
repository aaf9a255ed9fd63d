#!/usr/bin/env bash
# Provisions schemathesis, the OpenAPI fuzzer the build runs against jprefect's server.
#
#   provision-schemathesis.sh VERSION OUT_DIR
#
# Creates (once per version and machine) a Python virtual environment with
# `schemathesis==VERSION` under ${JPREFECT_CACHE_DIR:-~/.cache/jprefect}/schemathesis-VERSION,
# guarded by flock so that builds in several worktrees share it; then writes
# OUT_DIR/schemathesis.properties for the tests:
#
#   available=true|false
#   version=VERSION
#   executable=<path of the venv's `st` command>
#   reason=<one line saying why schemathesis is unavailable>
#
# Where python3 or PyPI is missing, it writes available=false with the reason and exits 0, so the
# fuzz test skips with that line; under CI=true it exits 1 instead (as provision-prefect.sh).
set -uo pipefail

version="${1:?usage: provision-schemathesis.sh VERSION OUT_DIR}"
out="${2:?usage: provision-schemathesis.sh VERSION OUT_DIR}"
cache="${JPREFECT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jprefect}"
venv="$cache/schemathesis-$version"
python="${JPREFECT_PYTHON:-python3}"
mkdir -p "$out" "$cache"
props="$out/schemathesis.properties"

unavailable() {
  printf 'available=false\nversion=%s\nreason=%s\n' "$version" "$1" > "$props"
  if [ "${CI:-}" = "true" ]; then
    echo "provision-schemathesis: FAILED under CI=true: $1" >&2
    exit 1
  fi
  echo "provision-schemathesis: schemathesis $version unavailable, the fuzz test will skip: $1" >&2
  exit 0
}

command -v "$python" >/dev/null 2>&1 || unavailable "$python is not on the PATH (install Python 3.10+ with venv)"

exec 9>"$venv.lock"
flock -w 900 9 || unavailable "timed out after 900 s waiting for $venv.lock"

if [ ! -f "$venv/.complete" ]; then
  echo "provision-schemathesis: installing schemathesis==$version into $venv (once per machine)" >&2
  rm -rf "$venv"
  log="$cache/schemathesis-$version-install.log"
  if ! { "$python" -m venv "$venv" \
        && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
             --timeout 60 --retries 3 "schemathesis==$version"; } >"$log" 2>&1; then
    rm -rf "$venv"
    unavailable "pip could not install schemathesis==$version (PyPI unreachable?); see $log: $(tail -n 1 "$log")"
  fi
  touch "$venv/.complete"
fi
flock -u 9

printf 'available=true\nversion=%s\nexecutable=%s\n' "$version" "$venv/bin/st" > "$props"
echo "provision-schemathesis: schemathesis $version at $venv/bin/st" >&2
