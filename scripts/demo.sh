#!/usr/bin/env bash
# The README demo, end to end on this machine with no AWS account:
#   1. plan the migration of the two-service ECS app in examples/ecs (manifests, blockers, sizing, cost);
#   2. start the emulated EKS-on-Fargate sandbox (examples/sandbox.yaml);
#   3. deploy the converted app: apply, watch every rollout, verify Fargate placement, smoke tests;
#   4. deploy a broken release (the API crash-loops): it fails fast and is rolled back automatically;
#   5. show the release history and that the first release still serves through the emulated ALB.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-tools.sh >/dev/null || exit 1
cli=./bin/eks-fargate-deploy
out=out/demo
rm -rf "$out" && mkdir -p "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. plan: ECS task definitions → EKS Fargate"
$cli plan \
  --ecs-task-definition examples/ecs/frontend-taskdef.json examples/ecs/backend-taskdef.json \
  --ecs-service examples/ecs/services.json --ecs-scaling examples/ecs/scaling.json \
  --namespace shop --out "$out/manifests" --report-json "$out/plan.json" --report-md "$out/plan.md"
plan=$?
[ "$plan" -eq 0 ] || { echo "plan exited $plan" >&2; exit "$plan"; }

step "2. start the EKS-on-Fargate sandbox"
$cli sandbox --port 0 --kubeconfig "$out/kubeconfig" --config examples/sandbox.yaml > "$out/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null' EXIT
for _ in $(seq 1 100); do [ -s "$out/kubeconfig" ] && break; sleep 0.1; done
[ -s "$out/kubeconfig" ] || { cat "$out/sandbox.log"; exit 1; }
head -n 2 "$out/sandbox.log"

deploy() {
  $cli deploy --kubeconfig "$out/kubeconfig" --namespace shop --release shop \
    --ecs-task-definition examples/ecs/frontend-taskdef.json examples/ecs/backend-taskdef.json \
    --ecs-service examples/ecs/services.json --ecs-scaling examples/ecs/scaling.json \
    --smoke-tests examples/smoke-tests.yaml --grace 3s --timeout 2m "$@"
}

step "3. deploy release 1"
deploy --commit 3f9c2e1
first=$?
[ "$first" -eq 0 ] || { echo "the first deploy exited $first" >&2; exit 1; }

step "4. deploy a broken release (shop-api:broken crash-loops): expect an automatic rollback (exit 3)"
deploy --commit badc0de --image 402817736519.dkr.ecr.us-east-1.amazonaws.com/shop-api=402817736519.dkr.ecr.us-east-1.amazonaws.com/shop-api:broken
broken=$?
echo "deploy exited $broken"
[ "$broken" -eq 3 ] || { echo "expected exit 3 (rolled back), got $broken" >&2; exit 1; }

step "5. history, and the storefront through the emulated ALB"
$cli history --kubeconfig "$out/kubeconfig" --namespace shop --release shop
url=$(KUBECONFIG="$out/kubeconfig" kubectl get ingress frontend -n shop -o jsonpath='{.metadata.annotations.sandbox\.eks-fargate-deploy/url}')
echo "GET $url/ →"
curl -s "$url/"; echo
echo
echo "Done. Manifests: $out/manifests  Plan report: $out/plan.md"
