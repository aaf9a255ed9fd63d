#!/usr/bin/env bash
# The one way the build provisions a Python tool it tests with (sourced by provision-prefect.sh and
# provision-schemathesis.sh; Python is a test-time dependency only).
#
#   source python-venv.sh
#   venv_setup TOOL PACKAGE VERSION OUT_DIR   # sets $cache, $venv, $props (OUT_DIR/TOOL.properties)
#   venv_install                              # pip-installs PACKAGE==VERSION into $venv once per machine
#   unavailable "reason"                      # records why, then skips (exit 0) or, under CI=true, fails
#
# The venv lives under ${JPREFECT_CACHE_DIR:-~/.cache/jprefect}/PACKAGE-VERSION. venv_install holds
# an flock on "$venv.lock" (file descriptor 9, bounded wait) so builds in several worktrees share one
# venv without colliding; the caller releases it with `flock -u 9` once its own steps are done.
# Where python3 or PyPI is missing, `unavailable` writes available=false with the reason into $props,
# so the tests that need the tool skip with that line; under CI=true it exits 1 instead, so an
# outage fails the build rather than turning those suites into green skips.

venv_setup() {
  tool="$1" package="$2" version="$3" out="$4"
  cache="${JPREFECT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/jprefect}"
  venv="$cache/$package-$version"
  python="${JPREFECT_PYTHON:-python3}"
  mkdir -p "$out" "$cache"
  props="$out/$tool.properties"
}

unavailable() {
  printf 'available=false\nversion=%s\nreason=%s\n' "$version" "$1" > "$props"
  if [ "${CI:-}" = "true" ]; then
    echo "provision-$tool: FAILED under CI=true: $1" >&2
    exit 1
  fi
  echo "provision-$tool: $package $version unavailable, the tests that need it will skip: $1" >&2
  exit 0
}

venv_install() {
  command -v "$python" >/dev/null 2>&1 \
    || unavailable "$python is not on the PATH (install Python 3.10+ with venv)"
  # One builder at a time per version; the others wait (bounded) and reuse its venv.
  exec 9>"$venv.lock"
  flock -w 900 9 || unavailable "timed out after 900 s waiting for $venv.lock"
  if [ ! -f "$venv/.complete" ]; then
    echo "provision-$tool: installing $package==$version into $venv (once per machine)" >&2
    rm -rf "$venv"
    local log="$cache/$package-$version-install.log"
    if ! { "$python" -m venv "$venv" \
          && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
               --timeout 60 --retries 3 "$package==$version"; } >"$log" 2>&1; then
      rm -rf "$venv"
      unavailable "pip could not install $package==$version (PyPI unreachable?); see $log: $(tail -n 1 "$log")"
    fi
    touch "$venv/.complete"
  fi
}
