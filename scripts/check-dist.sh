#!/usr/bin/env bash
# Rebuild the bundles into a temp dir (scripts/bundle.sh, as `npm run bundle`) and fail when they
# differ from the committed dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/bundle.sh "$tmp"
if ! diff -r -q dist/action "$tmp/action" >/dev/null || ! diff -r -q dist/cli "$tmp/cli" >/dev/null; then
  diff -r -q dist "$tmp" || true
  echo "dist/ is stale: run 'npm run bundle' and commit dist/" >&2
  exit 1
fi
echo "dist/ matches the sources"
