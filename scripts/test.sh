#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing (Debian packages: PostgreSQL 15 server binaries for the
# PostgreSQL suites, Chromium and ChromeDriver for the browser tests, Node.js and npm for the seeds' own clients, whose npm
# packages it installs into tests/clients); the tests start and stop their own PostgreSQL and app.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Blocking]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[[ -x /usr/lib/postgresql/15/bin/postgres && -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
command -v jq >/dev/null || missing+=(jq)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if (( ${#missing[@]} )); then
  echo "Installing test prerequisites: ${missing[*]}"
  sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The seeds' clients (tsx for seed 002's TypeScript, newman for seed 003's Postman examples) and axe-core for the browser
# tests, pinned by the lock file; installed again when the lock file is newer than the last install (npm writes
# node_modules/.package-lock.json).
installed=tests/clients/node_modules/.package-lock.json
if [[ ! -f $installed || tests/clients/package-lock.json -nt $installed ]]; then
  echo "Installing the seed clients' npm packages into tests/clients"
  npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test Orleans.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line over every test assembly ("Passed!  - Failed: 0, Passed: 224, Skipped: 0, Total: 224, ...").
summary() { awk -v key="$1" '/(Passed|Failed)! +-/ { for (i = 1; i <= NF; i++) if ($i == key ":") { v = $(i + 1); sub(",", "", v); s += v } } END { print s + 0 }' "$log"; }
echo "tests: $(summary Passed) passed, $(summary Failed) failed, $(summary Skipped) skipped"
exit "$status"
