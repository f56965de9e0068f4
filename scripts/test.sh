#!/usr/bin/env bash
# The whole test suite: installs what it needs, type-checks, checks dist/ is fresh, runs every jest
# test on Node 24, and prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-tools.sh

echo "== type-check"
npx tsc -p tsconfig.test.json --noEmit

echo "== check dist/ (the action and the CLI run the committed bundles)"
bash scripts/check-dist.sh

echo "== jest (Node $(bash scripts/node24.sh -p process.versions.node))"
report=$(mktemp)
status=0
bash scripts/node24.sh --experimental-vm-modules node_modules/jest/bin/jest.js --ci --maxWorkers=2 \
  --json --outputFile="$report" "$@" || status=$?
if [ -s "$report" ]; then
  bash scripts/node24.sh -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  ' "$report"
fi
rm -f "$report"
exit "$status"
