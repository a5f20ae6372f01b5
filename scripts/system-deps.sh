#!/usr/bin/env bash
# Debian packages and npm packages the tests need: PostgreSQL, Chromium, axe-core, configurable-http-proxy.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian's packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${need[@]}" >/dev/null
fi
if [ -f package.json ] && { [ ! -d node_modules/axe-core ] || [ ! -x node_modules/.bin/configurable-http-proxy ]; }; then
  npm install --no-audit --no-fund --silent >/dev/null
fi
