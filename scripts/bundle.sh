#!/usr/bin/env bash
# Bundle the action and the CLI with ncc into OUT/action and OUT/cli (default: dist), then minify every
# file of both with terser (scripts/minify-chunks.mjs: ncc leaves the chunks of dynamic import() calls
# unminified). No source maps. Dynamic import() calls become separate chunks next to index.js.
# Usage: scripts/bundle.sh [OUT] [all|action|cli]. Used by `npm run bundle`, scripts/check-dist.sh,
# the tests' action bundle (test/github/bundle.ts) and bench/startup.ts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:-dist}
which=${2:-all}
if [ "$which" = all ] || [ "$which" = action ]; then
  rm -rf "$out/action"
  npx ncc build src/index.ts -o "$out/action" --minify --license licenses.txt -q
  node scripts/minify-chunks.mjs "$out/action"
fi
if [ "$which" = all ] || [ "$which" = cli ]; then
  rm -rf "$out/cli"
  npx ncc build src/cli-main.ts -o "$out/cli" --minify -q
  node scripts/minify-chunks.mjs "$out/cli"
fi
