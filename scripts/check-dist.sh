#!/usr/bin/env bash
# Rebuild the bundles into a temp dir and fail when they differ from the committed dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx ncc build src/index.ts -o "$tmp/action" --license licenses.txt -q
npx ncc build src/cli-main.ts -o "$tmp/cli" -q
if ! diff -r -q dist/action "$tmp/action" >/dev/null || ! diff -r -q dist/cli "$tmp/cli" >/dev/null; then
  diff -r -q dist "$tmp" || true
  echo "dist/ is stale: run 'npm run bundle' and commit dist/" >&2
  exit 1
fi
echo "dist/ matches the sources"
