#!/usr/bin/env bash
# Compile src/ and bench/ with tsc into build/, then run every benchmark on Node 24.
# Usage: npm run bench [-- NAME...]   (NAME = a file of bench/ without .ts; default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf build
npx tsc -p tsconfig.build.json
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.ts; do names+=("$(basename "$f" .ts)"); done
fi
failed=()
for n in "${names[@]}"; do
  echo "== bench/$n"
  # Each benchmark is bounded; one that fails is reported and the others still run.
  timeout 600 bash scripts/node24.sh --expose-gc "build/bench/$n.js" || failed+=("$n")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "benchmarks that failed: ${failed[*]}" >&2
  exit 1
fi
