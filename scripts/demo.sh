#!/usr/bin/env bash
# The README demo: plan the migration of the built-in two-service ECS app (examples/ecs) to
# EKS Fargate. Writes manifests and reports under out/ and prints the summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-tools.sh >/dev/null
rm -rf out/plan
mkdir -p out/plan
set +e
./bin/eks-fargate-deploy plan \
  --ecs-task-definition examples/ecs/frontend-taskdef.json examples/ecs/backend-taskdef.json \
  --ecs-service examples/ecs/services.json \
  --ecs-scaling examples/ecs/scaling.json \
  --namespace shop \
  --out out/plan/manifests \
  --report-json out/plan/plan.json \
  --report-md out/plan/plan.md
code=$?
set -e
echo
echo "Rendered manifests: out/plan/manifests (kubectl kustomize out/plan/manifests)"
echo "Report: out/plan/plan.md (markdown, as posted to a PR) and out/plan/plan.json (schema version 1)"
exit "$code"
