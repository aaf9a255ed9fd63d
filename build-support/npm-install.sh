#!/usr/bin/env bash
# Installs the browser tests' npm dependencies (playwright-core, pinned by DIR/package-lock.json)
# into DIR/node_modules with `npm ci`, again only when the lock file changed.
#
#   npm-install.sh DIR
#
# Without npm it says so in one line and exits 0 (the browser tests then skip); under CI=true it
# exits 1 instead, so a missing Node.js fails the build rather than skipping the browser tests.
set -uo pipefail

dir="${1:?usage: npm-install.sh DIR}"
stamp="$dir/node_modules/.jprefect-installed"

if ! command -v npm >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "npm-install: FAILED under CI=true: npm is not on the PATH (install Node.js 18+ with npm)" >&2
    exit 1
  fi
  echo "npm-install: npm is not on the PATH, the browser tests will skip (install Node.js 18+ with npm)" >&2
  exit 0
fi
if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ]; then
  exit 0
fi
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error); then
  if [ "${CI:-}" = "true" ]; then
    echo "npm-install: FAILED under CI=true: npm ci in $dir failed" >&2
    exit 1
  fi
  echo "npm-install: npm ci in $dir failed, the browser tests will skip" >&2
  exit 0
fi
touch "$stamp"
