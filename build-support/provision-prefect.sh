#!/usr/bin/env bash
# Provisions the real Prefect server, the reference jprefect is tested against, for the build.
#
#   provision-prefect.sh VERSION OUT_DIR
#
# Creates (once per version and machine, with python-venv.sh) a Python virtual environment with
# `prefect==VERSION` under ${JPREFECT_CACHE_DIR:-~/.cache/jprefect}/prefect-VERSION; generates
# Prefect's own OpenAPI document from that version; then writes OUT_DIR/prefect.properties:
#
#   available=true|false
#   version=VERSION
#   executable=<path of the venv's `prefect` command>
#   openapi=<path of OUT_DIR/prefect-openapi.json>
#   reason=<one line saying why Prefect is unavailable>
#
# Where python3 or PyPI is missing, the tests that need Prefect skip with the reason; under CI=true
# the build fails instead (see python-venv.sh).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"

venv_setup prefect prefect "${1:?usage: provision-prefect.sh VERSION OUT_DIR}" \
  "${2:?usage: provision-prefect.sh VERSION OUT_DIR}"
venv_install

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
