#!/usr/bin/env bash
# Bundle the action and the CLI with ncc into OUT/action and OUT/cli (default: dist).
# Minified, no source maps (ncc keeps function and class names, so stack traces of internal errors
# still name the functions). Dynamic import() calls become separate chunks next to index.js.
# Used by `npm run bundle`, scripts/check-dist.sh and bench/startup.ts (for the flags).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-dist}
rm -rf "$out/action" "$out/cli"
npx ncc build src/index.ts -o "$out/action" --minify --license licenses.txt -q
npx ncc build src/cli-main.ts -o "$out/cli" --minify -q
