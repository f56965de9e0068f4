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
# The whole-suite secret scan: canary secrets planted in the environment (the tests plant more),
# everything the tool produces recorded in EFD_ARTEFACT_DIR, then test/secret-scan looks for
# every canary in all of it (only when the whole suite ran: no arguments).
artefacts=$(mktemp -d -t efd-artefacts-XXXXXX)
trap 'rm -rf "$artefacts"' EXIT
export EFD_ARTEFACT_DIR="$artefacts"
export AWS_ACCESS_KEY_ID=AKIAENVCANARY0000042
export AWS_SECRET_ACCESS_KEY='envCanarySecretKey/0042+NeverPrinted'
export AWS_SESSION_TOKEN=envCanarySessionToken0042NeverPrinted
export GITHUB_TOKEN=ghs_envCanaryGitHubToken0042NeverPrinted
report=$(mktemp)
scan_report=$(mktemp)
status=0
bash scripts/node24.sh --experimental-vm-modules node_modules/jest/bin/jest.js --ci --maxWorkers=2 \
  --json --outputFile="$report" "$@" || status=$?
if [ $# -eq 0 ]; then
  echo "== secret scan of everything the suite produced"
  EFD_SCAN_PHASE=1 bash scripts/node24.sh --experimental-vm-modules node_modules/jest/bin/jest.js --ci \
    --json --outputFile="$scan_report" test/secret-scan || status=$?
fi
bash scripts/node24.sh -e '
  const fs = require("fs");
  const t = { p: 0, f: 0, s: 0 };
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f) || fs.statSync(f).size === 0) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    t.p += r.numPassedTests; t.f += r.numFailedTests; t.s += r.numPendingTests;
  }
  console.log(`jest: ${t.p} passed, ${t.f} failed, ${t.s} skipped`);
' "$report" "$scan_report"
rm -f "$report" "$scan_report"
exit "$status"
