#!/usr/bin/env bash
# The whole test suite: installs what it needs, type-checks, lints (ESLint, Prettier, knip), checks
# dist/ is fresh, runs every jest
# test on Node 24 in a fresh TMPDIR (failing when a test leaves anything in it), and prints a closing
# "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-tools.sh

echo "== type-check"
npx tsc -p tsconfig.test.json --noEmit

echo "== lint (ESLint, typescript-eslint strict type-checked: eslint.config.mjs)"
npm run -s lint

echo "== format (Prettier: .prettierrc.json)"
npm run -s format:check >/dev/null || { npm run -s format:check || true; echo "run 'npm run format'" >&2; exit 1; }

echo "== dead code (knip: knip.json)"
npm run -s knip

echo "== check dist/ (the action and the CLI run the committed bundles)"
bash scripts/check-dist.sh
# dist/ is now known to be what scripts/bundle.sh makes of the sources: the tests that run the action
# bundle use it instead of building their own.
export EFD_ACTION_BUNDLE="$PWD/dist/action/index.js"

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
# Leftover temp files: jest runs with TMPDIR a fresh, empty directory; each test file gets its own
# under it (test/helpers/temp-environment.mjs), which records what the file left (EFD_LEFTOVERS).
# A leftover is anything a test file, the tool under test or a process it started leaves in its
# TMPDIR after the file's afterAll hooks, except the dirs made with tempDir() (test/helpers/temp.ts)
# and kubectl's cache; or anything left in the run's own TMPDIR after jest exits.
outer_tmp=$(cd "${TMPDIR:-/tmp}" && pwd -P)
suite_tmp=$(mktemp -d "$outer_tmp/efd-suite-tmp-XXXXXX")
leftovers="$outer_tmp/efd-leftovers-$$.txt"
: >"$leftovers"
trap 'rm -rf "$artefacts" "$suite_tmp" "$leftovers"' EXIT
jest() {
  EFD_OUTER_TMPDIR="$outer_tmp" TMPDIR="$suite_tmp" EFD_LEFTOVERS="$leftovers" \
    bash scripts/node24.sh --experimental-vm-modules node_modules/jest/bin/jest.js "$@"
}
status=0
jest --ci --maxWorkers=4 --json --outputFile="$report" "$@" || status=$?
if [ $# -eq 0 ]; then
  echo "== secret scan of everything the suite produced"
  EFD_SCAN_PHASE=1 jest --ci --json --outputFile="$scan_report" test/secret-scan || status=$?
fi
echo "== leftover temp files"
find "$suite_tmp" -mindepth 1 -maxdepth 1 -printf 'the run left in its TMPDIR: %f\n' >>"$leftovers"
if [ -s "$leftovers" ]; then
  sed 's/^/  /' "$leftovers"
  echo "leftover temp files: $(wc -l <"$leftovers") (each test cleans up after itself: use tempDir() from test/helpers/temp.ts)"
  status=1
else
  echo "none"
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
