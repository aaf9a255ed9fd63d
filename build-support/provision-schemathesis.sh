#!/usr/bin/env bash
# Provisions schemathesis, the OpenAPI fuzzer the build runs against jprefect's server.
#
#   provision-schemathesis.sh VERSION OUT_DIR
#
# Creates (once per version and machine, with python-venv.sh) a Python virtual environment with
# `schemathesis==VERSION` under ${JPREFECT_CACHE_DIR:-~/.cache/jprefect}/schemathesis-VERSION;
# then writes OUT_DIR/schemathesis.properties for the tests:
#
#   available=true|false
#   version=VERSION
#   executable=<path of the venv's `st` command>
#   reason=<one line saying why schemathesis is unavailable>
#
# Where python3 or PyPI is missing, the fuzz test skips with the reason; under CI=true the build
# fails instead (see python-venv.sh).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"

venv_setup schemathesis schemathesis "${1:?usage: provision-schemathesis.sh VERSION OUT_DIR}" \
  "${2:?usage: provision-schemathesis.sh VERSION OUT_DIR}"
venv_install
flock -u 9

printf 'available=true\nversion=%s\nexecutable=%s\n' "$version" "$venv/bin/st" > "$props"
echo "provision-schemathesis: schemathesis $version at $venv/bin/st" >&2
